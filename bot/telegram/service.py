"""The Telegram bot's lifecycle: build the python-telegram-bot Application, start it (polling or
a registered webhook), stop it, and feed it pushed updates.

`TelegramService` is what the web app starts in its lifespan; the process entry points
(`lotse telegram`, the webhook-only app) are in bot/telegram/entrypoints.py, the handlers in
bot/telegram/handlers.py. Per-user state (chosen language, sessions, the advisor form, recent
message times) lives in `context.user_data`, persisted in the database
(bot/telegram/persistence.py). See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import TYPE_CHECKING, Any

from telegram import BotCommand, Update
from telegram.ext import Application, ApplicationBuilder, PersistenceInput

from bot.telegram.handlers import FEEDBACK_REASON_LIMIT, LotseBot
from bot.telegram.persistence import SqlPersistence, import_pickle_state
from bot.telegram.persistence import install as install_persistence
from bot.telegram.settings import TelegramFaceSettings
from bot.telegram.texts import MENU_LANGUAGES, command_menu

if TYPE_CHECKING:
    from bot.core.assistant import Assistant

# Where they were before the handlers had a module of their own (tests import the limit).
__all__ = ["FEEDBACK_REASON_LIMIT", "LotseBot", "TelegramService", "build_application",
           "register_commands"]

log = logging.getLogger("lotse.telegram")


class TelegramService:
    """One bot per process: start it, stop it, and feed it webhook updates."""

    def __init__(self, settings: TelegramFaceSettings, assistant: Assistant) -> None:
        if not settings.telegram_bot_token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        self.settings = settings
        self.handlers = LotseBot(settings, assistant)
        self.application = build_application(settings, self.handlers)
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def webhook_mode(self) -> bool:
        return bool(self.settings.telegram_webhook_url)

    async def start(self) -> None:
        """Connect, publish the command menus, then poll or register the webhook."""
        if self.webhook_mode and not self.settings.telegram_webhook_secret:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is "
                             "set, otherwise anybody could post updates to the webhook")
        self._loop = asyncio.get_running_loop()
        app = self.application
        assert isinstance(app.persistence, SqlPersistence)
        imported = await import_pickle_state(
            self.settings.data_dir / "telegram" / "user_state.pickle", app.persistence)
        if imported:
            log.info("telegram: moved the state of %d users from the pickle file to the "
                     "database", imported)
        await app.initialize()
        await register_commands(app)
        if self.webhook_mode:
            secret = self.settings.telegram_webhook_secret
            await app.bot.set_webhook(
                url=str(self.settings.telegram_webhook_url),
                secret_token=secret.get_secret_value() if secret else None,
                allowed_updates=Update.ALL_TYPES)
            log.info("telegram webhook registered")
        else:
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("telegram long polling started")
        await app.start()

    async def stop(self) -> None:
        # The webhook stays registered: other workers or the next start still receive updates.
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    def secret_matches(self, header_value: str | None) -> bool:
        secret = self.settings.telegram_webhook_secret
        if not secret or not header_value:
            return False
        return hmac.compare_digest(header_value.encode(), secret.get_secret_value().encode())

    async def process_webhook_update(self, payload: dict[str, Any]) -> None:
        """Queue one pushed update; the Application handles it like a polled one."""
        if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
            raise ValueError("not a Telegram update")
        try:
            update = Update.de_json(payload, self.application.bot)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError("malformed Telegram update") from exc
        queue = self.application.update_queue
        loop = asyncio.get_running_loop()
        if self._loop is None or self._loop is loop:
            await queue.put(update)
        else:  # the route runs on another event loop than the bot (e.g. a test client)
            await asyncio.wrap_future(
                asyncio.run_coroutine_threadsafe(queue.put(update), self._loop))


def build_application(settings: TelegramFaceSettings, handlers: LotseBot) -> Application:
    base = settings.telegram_api_base_url.rstrip("/")
    token = settings.telegram_bot_token
    assert token is not None
    # In the database, not a pickle file: several processes (webhook workers, or `serve` and
    # `telegram` on a shared database) must see the same per-user state.
    persistence = SqlPersistence(
        handlers.assistant.services.channel_state,
        store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
        update_interval=30)
    application = (
        ApplicationBuilder()
        .token(token.get_secret_value())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .persistence(persistence)
        # Answers take a while; other users should not wait for them.
        .concurrent_updates(8)
        .build()
    )
    handlers.register(application)
    install_persistence(application)
    return application


async def register_commands(application: Application) -> None:
    """Command menus with descriptions per language, plus the default for everyone else."""
    bot = application.bot
    await bot.set_my_commands([BotCommand(c, d) for c, d in command_menu(None)])
    for lang in MENU_LANGUAGES:
        await bot.set_my_commands([BotCommand(c, d) for c, d in command_menu(lang)],
                                  language_code=lang)
