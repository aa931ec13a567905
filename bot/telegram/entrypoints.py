"""The Telegram bot's process entry points: `lotse telegram` (long polling, or a webhook-only
web app when TELEGRAM_WEBHOOK_URL is set). Inside `lotse serve` the web app starts the bot
itself (bot/web/app.py)."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot.core.assistant import Assistant
from bot.telegram.service import TelegramService
from bot.telegram.settings import TelegramFaceSettings
from bot.telegram.webhook import router as webhook_router


def run_polling(settings: TelegramFaceSettings) -> None:
    """`lotse telegram`: the bot alone until Ctrl+C or SIGTERM.

    With TELEGRAM_WEBHOOK_URL set, it serves `POST /telegram/webhook` on LOTSE_HOST:LOTSE_PORT
    instead of polling.
    """
    from knowledge.chroma_server import index_served_by_this_process

    # Like `lotse serve`: the index gets Chroma's server beside the bot, so `lotse ingest` may
    # run while it answers.
    with index_served_by_this_process(
            settings, notify=lambda message: print(message, file=sys.stderr, flush=True)) as served:
        if served.telegram_webhook_url:
            import uvicorn

            uvicorn.run(create_webhook_app(served), host=served.host, port=served.port)
            return
        asyncio.run(_poll_until_signalled(served))


def create_webhook_app(settings: TelegramFaceSettings) -> FastAPI:
    """Just the webhook route, for `lotse telegram` in webhook mode without the web app."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        assistant = Assistant(settings)
        await asyncio.to_thread(assistant.warm_up)
        service = TelegramService(settings, assistant)
        await service.start()
        app.state.telegram = service
        try:
            yield
        finally:
            await service.stop()

    app = FastAPI(title="Lotse Telegram webhook", lifespan=lifespan)
    app.include_router(webhook_router)
    return app


async def _poll_until_signalled(settings: TelegramFaceSettings) -> None:
    assistant = Assistant(settings)
    await asyncio.to_thread(assistant.warm_up)  # the first user does not wait for it
    service = TelegramService(settings, assistant)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    await service.start()
    print(f"Lotse is listening on Telegram as @{service.application.bot.username} "
          "(Ctrl+C stops it)", file=sys.stderr, flush=True)
    try:
        await stopping.wait()
    finally:
        await service.stop()
