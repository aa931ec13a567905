"""Telegram state in the database (`SqlPersistence`): one truth for several bot processes.

The class is exercised on real SQLite and PostgreSQL; then two real Applications in webhook mode
(two "workers") share one database while the fake Bot API records what each one sends.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bot.core.assistant import Assistant
from bot.core.services.channel_state import ChannelStateStore
from bot.telegram.advisor_form import FORM_NAME
from bot.telegram.persistence import CONVERSATION, USER, SqlPersistence
from bot.telegram.texts import TEXTS
from bot.telegram.webhook import SECRET_HEADER
from bot.web.app import create_app
from knowledge.db import ChatSession, MessageRecord, forget_database, get_database
from knowledge.settings import Settings
from tests.conftest import make_settings
from tests.knowledge.conftest import backend_named
from tests.telegram.conftest import button_data, callback_update, message_update, new_user
from tests.telegram.fake_bot_api import BOT_TOKEN, FakeBotApi

WEBHOOK_URL = "https://lotse.example.org/telegram/webhook"
SECRET = "persistence-test-secret"


@pytest.fixture(params=["sqlite", "postgresql"])
def state_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    backend = backend_named(request.param)
    settings = backend.settings(tmp_path / "data")
    yield settings
    forget_database(settings)
    backend.drop_all()


def test_every_kind_of_state_round_trips_between_two_processes(
        state_settings: Settings) -> None:
    database = get_database(state_settings)

    async def scenario() -> None:
        store = ChannelStateStore(database)
        first, second = SqlPersistence(store), SqlPersistence(store)
        await first.update_user_data(7, {"lang": "pl", "sessions": {"7": "s-1"},
                                         "recent": [1.5, 2.5]})
        await first.update_chat_data(-100, {"topic": "Messen"})
        await first.update_bot_data({"version": 3})
        await first.update_conversation("contact", (7, 7), "email")
        await first.update_callback_data(([("u-1", 12.5, {"b1": "lang:de"})], {"q-1": "u-1"}))

        user: dict[str, Any] = {}
        await second.refresh_user_data(7, user)
        assert user == {"lang": "pl", "sessions": {"7": "s-1"}, "recent": [1.5, 2.5]}
        chat: dict[str, Any] = {}
        await second.refresh_chat_data(-100, chat)
        assert chat == {"topic": "Messen"}
        assert await second.get_bot_data() == {"version": 3}
        assert await second.get_conversations("contact") == {(7, 7): "email"}
        assert await second.get_conversations("other") == {}
        assert await second.get_callback_data() == ([("u-1", 12.5, {"b1": "lang:de"})],
                                                    {"q-1": "u-1"})

        # A change made by the other process replaces what this one holds ...
        await second.update_user_data(7, {"lang": "cs"})
        held = {"lang": "pl"}
        await first.refresh_user_data(7, held)
        assert held == {"lang": "cs"}
        # ... but a row nobody else changed leaves this process's unwritten additions alone
        # (concurrent updates of one user in one process share that dict).
        held["recent"] = [9.0]
        await first.refresh_user_data(7, held)
        assert held == {"lang": "cs", "recent": [9.0]}

        await second.drop_user_data(7)
        await first.refresh_user_data(7, held)
        assert held == {}
        await first.update_conversation("contact", (7, 7), None)
        assert await second.get_conversations("contact") == {}

    asyncio.run(scenario())


def test_the_pickle_file_of_earlier_versions_is_imported_once(tmp_path: Path) -> None:
    from telegram.ext import PersistenceInput, PicklePersistence

    from bot.telegram.persistence import import_pickle_state

    settings = make_settings(tmp_path / "data")
    pickle_path = settings.data_dir / "telegram" / "user_state.pickle"
    pickle_path.parent.mkdir(parents=True)

    async def scenario() -> None:
        # What the bot wrote before it moved to the database.
        legacy = PicklePersistence(filepath=pickle_path, store_data=PersistenceInput(
            bot_data=False, chat_data=False, callback_data=False))
        await legacy.update_user_data(11, {"lang": "cs", "sessions": {"11": "s-old"}})
        await legacy.update_user_data(12, {"lang": "de"})
        await legacy.flush()
        persistence = SqlPersistence(ChannelStateStore(get_database(settings)))
        await persistence.update_user_data(12, {"lang": "pl"})  # newer, already in the database

        assert await import_pickle_state(pickle_path, persistence) == 1
        assert persistence._read(USER, "11") == {"lang": "cs", "sessions": {"11": "s-old"}}
        assert persistence._read(USER, "12") == {"lang": "pl"}
        assert not pickle_path.exists() and pickle_path.with_name(
            "user_state.pickle.imported").exists()
        assert await import_pickle_state(pickle_path, persistence) == 0

    try:
        asyncio.run(scenario())
    finally:
        forget_database(settings)


# -- two webhook workers, one database ----------------------------------------------------------
def _post(client: TestClient, fake_api: FakeBotApi, payload: dict[str, Any]) -> None:
    response = client.post("/telegram/webhook", headers={SECRET_HEADER: SECRET},
                           json={"update_id": fake_api.new_update_id(), **payload})
    assert response.status_code == 200, response.text


def _to(user: dict[str, Any]):  # noqa: ANN202 (a predicate)
    return lambda params: int(params["chat_id"]) == user["id"]


def _stored_user(settings: Settings, user_id: int, until: Any) -> dict[str, Any]:
    """The user's stored state once `until(state)` holds (the write follows the reply)."""
    persistence = SqlPersistence(ChannelStateStore(get_database(settings)))
    deadline = time.monotonic() + 30
    while True:
        state = persistence._read(USER, str(user_id)) or {}
        if until(state):
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.05)


def test_two_webhook_workers_share_one_users_state(telegram_data_dir: Path,
                                                   fake_api: FakeBotApi) -> None:
    settings = make_settings(telegram_data_dir, TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                             TELEGRAM_API_BASE_URL=fake_api.url,
                             TELEGRAM_WEBHOOK_URL=WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET=SECRET)
    user = new_user("en")
    ref = f"telegram:{user['id']}"
    with TestClient(create_app(settings, Assistant(settings))) as worker_a, \
            TestClient(create_app(settings, Assistant(settings))) as worker_b:
        # Worker A shows the language keyboard, worker B gets the button press.
        mark = fake_api.mark()
        _post(worker_a, fake_api, message_update(user, "/language"))
        [keyboard] = fake_api.wait_for("sendMessage", since=mark, where=_to(user))
        assert "lang:cs" in button_data(keyboard.params["reply_markup"])
        sent = fake_api.chat_message(user["id"], max(
            m for (c, m) in fake_api.messages if c == user["id"]))
        mark = fake_api.mark()
        _post(worker_b, fake_api, callback_update(user, "lang:cs", sent))
        [edit] = fake_api.wait_for("editMessageText", since=mark, where=_to(user))
        assert edit.params["text"] == TEXTS["language_set"]["cs"]
        _stored_user(settings, user["id"], lambda s: s.get("lang") == "cs")

        # Worker A, which held this user without a language, now helps in Czech.
        mark = fake_api.mark()
        _post(worker_a, fake_api, message_update(user, "/help"))
        [help_reply] = fake_api.wait_for("sendMessage", since=mark, where=_to(user))
        assert help_reply.params["text"] == TEXTS["help"]["cs"]

        # A conversation begun on one worker continues on the other.
        def answered(since: int) -> None:
            fake_api.wait_for("sendMessage", since=since, timeout=120, where=lambda p: _to(user)(
                p) and any(d.startswith("fb:") for d in button_data(p.get("reply_markup"))))

        mark = fake_api.mark()
        _post(worker_b, fake_api, message_update(user, "Kdo je hlavním partnerem projektu "
                                                       "Glokalisierung?"))
        answered(mark)
        state = _stored_user(settings, user["id"], lambda s: s.get("sessions"))
        [session_id] = state["sessions"].values()
        mark = fake_api.mark()
        _post(worker_a, fake_api, message_update(user, "A jak dlouho projekt trvá?"))
        answered(mark)

    with get_database(settings).session() as s:
        sessions = s.scalars(select(ChatSession.id).where(ChatSession.user_ref == ref)).all()
        assert sessions == [session_id]
        assert s.scalar(select(func.count()).select_from(MessageRecord)
                        .where(MessageRecord.session_id == session_id)) == 4


def _stored_form_state(settings: Settings, user_id: int, expected: str) -> None:
    """Wait until the advisor form's stored state is `expected` (the write follows the reply)."""
    persistence = SqlPersistence(ChannelStateStore(get_database(settings)))
    deadline = time.monotonic() + 30
    row_key = json.dumps([FORM_NAME, [user_id, user_id]])
    while persistence._read(CONVERSATION, row_key) != expected:
        assert time.monotonic() < deadline, persistence._read(CONVERSATION, row_key)
        time.sleep(0.05)


def test_two_webhook_workers_share_an_advisor_form_in_progress(
        telegram_data_dir: Path, fake_api: FakeBotApi) -> None:
    settings = make_settings(telegram_data_dir, TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                             TELEGRAM_API_BASE_URL=fake_api.url,
                             TELEGRAM_WEBHOOK_URL=WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET=SECRET)
    user = new_user("de")
    with TestClient(create_app(settings, Assistant(settings))) as worker_a, \
            TestClient(create_app(settings, Assistant(settings))) as worker_b:
        def say(worker: TestClient, words: str) -> str:
            mark = fake_api.mark()
            _post(worker, fake_api, message_update(user, words))
            [sent] = fake_api.wait_for("sendMessage", since=mark, where=_to(user))
            return str(sent.params["text"])

        assert say(worker_a, "/contact") == TEXTS["contact_name"]["de"]
        _stored_form_state(settings, user["id"], "name")
        # Worker B never saw the form begin; it takes the name all the same ...
        assert say(worker_b, "Greta Lange") == TEXTS["contact_email"]["de"]
        _stored_form_state(settings, user["id"], "email")
        # ... and worker A, which last saw the form ask for the name, now takes the address.
        assert say(worker_a, "greta@lange-metall.de") == TEXTS["contact_organisation"]["de"]
        _stored_form_state(settings, user["id"], "organisation")
        assert say(worker_b, "/start").startswith(TEXTS["greeting"]["de"].split("{")[0])
        _stored_form_state(settings, user["id"], None)
