"""ConversationStore and the rate limiter on a real SQLite file and a real PostgreSQL (when
LOTSE_TEST_POSTGRES_URL is set, see tests/knowledge/conftest.py): one rating per message,
erasure of everything a session or a channel user left, shared counters, and migration 0003
on a database with duplicate ratings."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select

from bot.conversations import ConversationStore, new_id, short_hash
from bot.core.services.rate_limits import Limit, RateLimiter
from knowledge.db import (
    MIGRATIONS_DIR,
    ContactRequest,
    Database,
    FeedbackRecord,
    forget_database,
    get_database,
)
from tests.knowledge.conftest import Backend, backend_named


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    chosen = backend_named(request.param)
    yield chosen
    chosen.drop_all()


@pytest.fixture
def conversations(backend: Backend, tmp_path: Path) -> Iterator[ConversationStore]:
    settings = backend.settings(tmp_path / "data")
    yield ConversationStore(get_database(settings))
    forget_database(settings)


def one_turn(conversations: ConversationStore, user_ref: str | None = None) -> tuple[str, str]:
    session = conversations.ensure_session(None, "web", "de", user_ref)
    message = new_id("m")
    conversations.add_turn(session, "Frage", "de", "Antwort", message_id=message,
                           sources=[], companies=[])
    return session, message


def ratings(conversations: ConversationStore, message: str) -> list[tuple[str, str | None]]:
    with conversations.db.session() as s:
        rows = s.scalars(select(FeedbackRecord).where(FeedbackRecord.message_id == message))
        return [(row.rating, row.comment) for row in rows]


def test_a_new_rating_replaces_the_earlier_one(conversations: ConversationStore) -> None:
    _, message = one_turn(conversations)
    assert conversations.add_feedback(message, "up", "gut")
    assert conversations.add_feedback(message, "down", None)
    assert ratings(conversations, message) == [("down", None)]
    assert not conversations.add_feedback("m_unknown", "up")


def test_racing_ratings_leave_one_row(conversations: ConversationStore) -> None:
    _, message = one_turn(conversations)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda n: conversations.add_feedback(message, "up" if n % 2 else "down"),
                      range(16)))
    assert len(ratings(conversations, message)) == 1


def test_erasing_a_session_or_user_takes_their_advisor_requests(
        conversations: ConversationStore) -> None:
    web_session, _ = one_turn(conversations)
    telegram_session, _ = one_turn(conversations, user_ref="telegram:42")
    kept = conversations.add_contact(name="K", email="k@example.de", message="bleibt",
                                     language="de", consent=True)
    conversations.add_contact(name="W", email="w@example.de", message="web", language="de",
                              consent=True, session_id=web_session)
    conversations.add_contact(name="T", email="t@example.de", message="tg", language="de",
                              consent=True, session_id=telegram_session, channel="telegram")
    assert conversations.erase_session(web_session)
    assert conversations.erase_user("telegram:42") == 1
    with conversations.db.session() as s:
        assert s.scalars(select(ContactRequest.id)).all() == [kept]


def test_racing_workers_count_every_hit(conversations: ConversationStore) -> None:
    """Eight threads as eight workers, each with its own limiter on the same database."""
    limit = Limit("race", 40, 3600)

    def hit(_: int) -> bool:
        return RateLimiter(conversations.db, clock=lambda: 7200.0).hit([(limit, "k")]).allowed

    with ThreadPoolExecutor(max_workers=8) as pool:
        allowed = list(pool.map(hit, range(60)))
    assert allowed.count(True) == 40


def test_short_hash_is_stable_and_hides_the_id() -> None:
    session = new_id("s")
    assert short_hash(session) == short_hash(session)
    assert session[2:] not in short_hash(session) and len(short_hash(session)) == 11


def test_migration_0003_keeps_the_newest_of_duplicate_ratings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = Database(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002_organisations")
        conn.exec_driver_sql("INSERT INTO chat_sessions (id, channel) VALUES ('s1', 'web')")
        conn.exec_driver_sql("INSERT INTO messages (id, session_id, role, text) "
                             "VALUES ('m1', 's1', 'assistant', 'a')")
        for rating in ("up", "up", "down"):
            conn.exec_driver_sql("INSERT INTO feedback (message_id, session_id, rating) "
                                 f"VALUES ('m1', 's1', '{rating}')")
    db.migrate()
    assert ratings(ConversationStore(db), "m1") == [("down", None)]
