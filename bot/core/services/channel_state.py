"""State a chat channel keeps per user, chat or conversation, as JSON rows in the SQL store.

The Telegram face keeps python-telegram-bot's `user_data`, `chat_data`, `bot_data`,
conversation states and callback data here (bot/telegram/persistence.py), so several bot
processes share one truth. The table is `telegram_state` (migration 0004); it is declared here
rather than in knowledge/db.py's models because only this store reads it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, DateTime, MetaData, String, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from knowledge.db import Database, utcnow

_metadata = MetaData()
telegram_state = Table(
    "telegram_state", _metadata,
    Column("kind", String(16), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)


class ChannelStateStore:
    """Rows of (kind, key) -> JSON data; kinds are the channel's ("user", "chat", ...)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def read(self, kind: str, key: str) -> Any | None:
        with self._db.engine.connect() as conn:
            return conn.execute(select(telegram_state.c.data).where(
                telegram_state.c.kind == kind, telegram_state.c.key == key)).scalar()

    def read_kind(self, kind: str) -> list[tuple[str, Any]]:
        with self._db.engine.connect() as conn:
            rows = conn.execute(select(telegram_state.c.key, telegram_state.c.data).where(
                telegram_state.c.kind == kind))
            return [(row.key, row.data) for row in rows]

    def keys(self, kind: str) -> list[str]:
        with self._db.engine.connect() as conn:
            return list(conn.execute(select(telegram_state.c.key)
                                     .where(telegram_state.c.kind == kind)).scalars())

    def write(self, kind: str, key: str, data: Any) -> None:
        # One statement that inserts or replaces: two workers writing the same new user at
        # once must not fail on the primary key.
        values = {"kind": kind, "key": key, "data": data, "updated_at": utcnow()}
        dialect = self._db.engine.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(telegram_state).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[telegram_state.c.kind, telegram_state.c.key],
            set_={"data": stmt.excluded.data, "updated_at": stmt.excluded.updated_at})
        with self._db.engine.begin() as conn:
            conn.execute(stmt)

    def delete(self, kind: str, key: str) -> None:
        with self._db.engine.begin() as conn:
            conn.execute(delete(telegram_state).where(telegram_state.c.kind == kind,
                                                      telegram_state.c.key == key))
