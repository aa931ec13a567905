"""Fixtures: a fake Bot API server, a writable copy of the mini corpus, the real bot polling it."""

from __future__ import annotations

import asyncio
import itertools
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.assistant import Assistant
from bot.settings import AppSettings
from bot.telegram.service import TelegramService
from knowledge.db import forget_database
from knowledge.embeddings import Embedder
from knowledge.vectorstore import forget_chroma_client
from tests.conftest import make_settings
from tests.telegram.fake_bot_api import BOT_TOKEN, FakeBotApi

WEB_SOURCE_URL = "https://example.org/foerderung/messe-programm?lang=en&ref=bot"

# A page ingested from the web (front matter `source_url`), so its source is a link.
TRADE_FAIR_PAGE = f"""---
title: Trade fair programme for Saxon SMEs
source_url: {WEB_SOURCE_URL}
---
# Trade fair programme for Saxon SMEs

The trade fair programme of the Free State of Saxony pays up to 50 percent of the stand rental
for small and medium-sized enterprises exhibiting at international trade fairs abroad.

Each company can receive at most 15,000 euros per fair, and applications must be filed eight
weeks before the fair opens.
"""

_user_ids = itertools.count(5001)


def new_user(language_code: str | None = "en", first_name: str = "Anna") -> dict[str, Any]:
    """A fresh Telegram user per test, so rate limits and state never leak between tests."""
    user: dict[str, Any] = {"id": next(_user_ids), "is_bot": False, "first_name": first_name}
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


def message_update(user: dict[str, Any], text: str | None = None, *,
                   chat: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"message_id": next(_user_ids), "date": int(time.time()),
                               "chat": chat or private_chat(user), "from": user}
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(command)}]
    message.update(extra)
    return {"message": message}


def callback_update(user: dict[str, Any], data: str, message: dict[str, Any]) -> dict[str, Any]:
    return {"callback_query": {"id": f"cb{next(_user_ids)}", "from": user,
                               "chat_instance": "ci1", "data": data, "message": message}}


def button_data(markup: dict[str, Any] | None) -> list[str]:
    rows = (markup or {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


class BotRunner:
    """The real TelegramService on its own event loop in a thread, like inside `lotse serve`."""

    def __init__(self, settings: AppSettings, assistant: Assistant) -> None:
        self.settings = settings
        self.assistant = assistant
        self.service: TelegramService | None = None
        self.error: BaseException | None = None
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    def start(self) -> BotRunner:
        self._thread.start()
        assert self._ready.wait(30), "the bot did not start"
        if self.error is not None:
            raise self.error
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            self.service = TelegramService(self.settings, self.assistant)
            await self.service.start()
        except BaseException as exc:  # noqa: BLE001 (handed to the test thread)
            self.error = exc
            self._ready.set()
            return
        self._ready.set()
        await self._stop.wait()
        await self.service.stop()


@pytest.fixture(scope="module")
def telegram_data_dir(tmp_path_factory: pytest.TempPathFactory, mini_data_dir: Path,
                      embedder: Embedder) -> Iterator[Path]:
    """The ingested mini corpus copied (the bot writes conversations) plus one web page."""
    from ingestion.pipeline import Ingestor

    root = tmp_path_factory.mktemp("telegram")
    data_dir = root / "data"
    shutil.copytree(mini_data_dir, data_dir)
    pages = root / "pages"
    pages.mkdir()
    (pages / "trade-fair-programme.md").write_text(TRADE_FAIR_PAGE, encoding="utf-8")
    settings = make_settings(data_dir)
    report = Ingestor(settings, embedder).ingest([pages])
    assert not report.failed, report.failed
    forget_database(settings)
    # Let go of the index too: `lotse telegram` in another process owns it while it runs.
    forget_chroma_client(settings)
    yield data_dir


@pytest.fixture(scope="module")
def fake_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def bot_settings(telegram_data_dir: Path, fake_api: FakeBotApi) -> Iterator[AppSettings]:
    settings = make_settings(telegram_data_dir, TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                             TELEGRAM_API_BASE_URL=fake_api.url, LOTSE_TELEGRAM_RATE_LIMIT=5)
    yield settings
    forget_database(settings)


@pytest.fixture(scope="module")
def assistant(bot_settings: AppSettings) -> Assistant:
    return Assistant(bot_settings)


@pytest.fixture(scope="module")
def polling_bot(bot_settings: AppSettings, assistant: Assistant,
                fake_api: FakeBotApi) -> Iterator[BotRunner]:
    runner = BotRunner(bot_settings, assistant).start()
    yield runner
    runner.stop()
