"""The guided funding conversation in Telegram: the real bot polling the fake Bot API, the
choices as inline buttons, a pressed button answered like a message, /forget erasing the
profile."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.assistant import Assistant
from knowledge.db import forget_database
from knowledge.programmes.profile import FundingProfileRow
from knowledge.settings import Settings
from knowledge.vectorstore import forget_chroma_client
from tests.conftest import make_settings
from tests.telegram.conftest import (
    BotRunner,
    button_data,
    callback_update,
    message_update,
    new_user,
)
from tests.telegram.fake_bot_api import BOT_TOKEN, FakeBotApi


@pytest.fixture(scope="module")
def fake_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def bot_settings(funding_data_dir: Path, fake_api: FakeBotApi,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    data_dir = tmp_path_factory.mktemp("funding-telegram") / "data"
    shutil.copytree(funding_data_dir, data_dir)
    settings = make_settings(data_dir, TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                             TELEGRAM_API_BASE_URL=fake_api.url)
    yield settings
    forget_database(settings)
    forget_chroma_client(settings)


@pytest.fixture(scope="module")
def assistant(bot_settings: Settings) -> Assistant:
    return Assistant(bot_settings)


@pytest.fixture(scope="module")
def bot(bot_settings: Settings, assistant: Assistant) -> Iterator[BotRunner]:
    runner = BotRunner(bot_settings, assistant).start()
    yield runner
    runner.stop()


def _to(user: dict[str, Any]):  # noqa: ANN202 (a predicate)
    return lambda p: int(p["chat_id"]) == user["id"] and any(
        d.startswith(("fund:", "fb:")) for d in button_data(p.get("reply_markup")))


def said(fake: FakeBotApi, user: dict[str, Any], text: str) -> dict[str, Any]:
    """Send a message; the bot's reply that carries buttons (choices or rating)."""
    mark = fake.mark()
    fake.push_update(message_update(user, text))
    return fake.wait_for("sendMessage", since=mark, where=_to(user), timeout=60)[-1].params


def pressed(fake: FakeBotApi, user: dict[str, Any], data: str) -> dict[str, Any]:
    """Press a button under the bot's last message; the reply that carries buttons."""
    last = max(message_id for (chat, message_id) in fake.messages if chat == user["id"])
    mark = fake.mark()
    fake.push_update(callback_update(user, data, fake.chat_message(user["id"], last)))
    fake.wait_for("answerCallbackQuery", since=mark)
    fake.wait_for("editMessageReplyMarkup", since=mark)  # the pressed buttons go away
    return fake.wait_for("sendMessage", since=mark, where=_to(user), timeout=60)[-1].params


def profiles(assistant: Assistant) -> int:
    with assistant.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(FundingProfileRow)) or 0)


def test_guided_conversation_with_buttons(bot: BotRunner, fake_api: FakeBotApi,
                                          assistant: Assistant) -> None:
    user = new_user("cs")
    first = said(fake_api, user, "Jakou dotaci mohu získat na svůj projekt?")
    assert "Kde sídlí vaše firma?" in first["text"]
    assert button_data(first["reply_markup"]) == ["fund:skip"]

    size = said(fake_api, user, "V Liberci")
    assert button_data(size["reply_markup"]) == [
        "fund:micro", "fund:small", "fund:medium", "fund:large", "fund:skip"]
    labels = [b["text"] for row in size["reply_markup"]["inline_keyboard"] for b in row]
    assert "Malá (méně než 50)" in labels and "Přeskočit" in labels

    project = pressed(fake_api, user, "fund:small")
    assert "fund:export_trade_fairs" in button_data(project["reply_markup"])
    start = pressed(fake_api, user, "fund:export_trade_fairs")
    assert button_data(start["reply_markup"]) == ["fund:skip"]

    answer = pressed(fake_api, user, "fund:skip")
    buttons = button_data(answer["reply_markup"])
    assert buttons[0].startswith("fb:up:")  # the answer gets the usual rating buttons
    body = answer["text"]
    assert "Veletržní bonus Liberec" in body
    assert "výzva končí za 12 dní" in body
    assert "2025 (closed)" not in body
    assert "stav k" in body
    assert profiles(assistant) >= 1

    # /forget erases the user's sessions, and with them what the bot learnt about the company.
    mark = fake_api.mark()
    fake_api.push_update(message_update(user, "/forget"))
    fake_api.wait_for("sendMessage", since=mark,
                      where=lambda p: "forget:yes" in button_data(p.get("reply_markup")))
    last = max(message_id for (chat, message_id) in fake_api.messages if chat == user["id"])
    before = profiles(assistant)
    mark = fake_api.mark()
    fake_api.push_update(callback_update(user, "forget:yes",
                                         fake_api.chat_message(user["id"], last)))
    fake_api.wait_for("editMessageText", since=mark)
    assert profiles(assistant) == before - 1
