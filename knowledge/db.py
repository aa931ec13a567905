"""SQL storage (SQLite in the data directory by default, PostgreSQL when DATABASE_URL says so).

Tables are created and changed only by the Alembic migrations in `knowledge/migrations/`.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from knowledge.settings import Settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
log = logging.getLogger("lotse.db")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class DocumentRecord(Base):
    """One ingested document; its chunks live in the vector index under the same id."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    doc_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    region: Mapped[str | None] = mapped_column(String(128), nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    chunk_count: Mapped[int] = mapped_column(Integer)
    embedder: Mapped[str] = mapped_column(String(200))
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ChatSession(Base):
    __tablename__ = "chat_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), default="web")
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # Channel-side identity (e.g. "telegram:12345") so a user can erase all of their data.
    user_ref: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MessageRecord(Base):
    __tablename__ = "messages"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    mode: Mapped[str | None] = mapped_column(String(16), nullable=True)
    answered: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    route: Mapped[str | None] = mapped_column(String(32), nullable=True)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    companies: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class FeedbackRecord(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Unique: one rating per message, a new one replaces the old (migration 0003).
    message_id: Mapped[str] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True, unique=True
    )
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ContactRequest(Base):
    __tablename__ = "contact_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str | None] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="SET NULL"), nullable=True
    )
    user_ref: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    organisation: Mapped[str | None] = mapped_column(String(300), nullable=True)
    message: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16), default="web")
    consent: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # sha256 of the client's Idempotency-Key (never the key itself): a retry with the same key
    # finds this row in whichever worker it reaches (migration 0005). Erased with the row.
    client_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True,
                                                   index=True)


class RateLimitCounter(Base):
    """One fixed window of one rate limit (e.g. "chat:ip:203.0.113.9"), shared by workers."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)


class ConsoleSessionRecord(Base):
    """A logged-in staff session; the cookie holds a random id, this table only its hash."""

    __tablename__ = "console_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class ConsoleLoginFailure(Base):
    """Wrong console tokens from one client address since its last success."""

    __tablename__ = "console_login_failures"

    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime)
    blocked_until: Mapped[datetime] = mapped_column(DateTime)


# SQLite and PostgreSQL messages that mean "the store cannot serve right now, try again"
# rather than "this request or our code is wrong".
_UNAVAILABLE_MARKERS = (
    "database is locked", "database table is locked", "database is busy",
    "unable to open database", "disk i/o error", "readonly database", "read-only",
    "database or disk is full", "no space left", "could not connect", "connection refused",
    "connection reset", "server closed the connection", "terminating connection",
    "the database system is", "timeout expired", "could not translate host name",
)


def store_unavailable(exc: BaseException) -> bool:
    """Whether a database error means the store is unavailable (a 503, retry later), as
    opposed to a bug or a bad request (a 500)."""
    if isinstance(exc, sa_exc.TimeoutError | sa_exc.DisconnectionError):
        return True  # the connection pool is exhausted or the server went away
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        exc = exc.orig if exc.orig is not None else exc
    # The driver's own error (sqlite3, psycopg), also raised by Chroma's embedded SQLite.
    if type(exc).__name__ not in ("OperationalError", "InterfaceError"):
        return False
    if type(exc).__module__.startswith("psycopg"):
        return True  # connection, server shutdown, lock and statement timeouts
    # sqlite3 uses OperationalError for "no such table" and syntax errors too: those are bugs.
    message = str(exc).lower()
    return any(marker in message for marker in _UNAVAILABLE_MARKERS)


def _sqlite_pragmas(busy_timeout_ms: int):  # type: ignore[no-untyped-def]
    def apply(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        # WAL lets the web server read while an ingestion writes; FKs make erasure cascade.
        cur.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL keeps the file consistent on a crash and spares an fsync per
        # commit; at worst the last turns before a power cut are lost.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        # Erased conversations are overwritten with zeros, not left in free pages.
        cur.execute("PRAGMA secure_delete=ON")
        # How long a writer waits for another one before the request gets a 503.
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.close()

    return apply


class Database:
    """Engine and session factory for one database URL; migrated on first use."""

    def __init__(self, url: str, busy_timeout_ms: int = 5000) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = url.split("sqlite:///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            # hide_parameters: a logged SQL error must not carry a user's message text.
            self.engine: Engine = create_engine(
                url, connect_args={"check_same_thread": False,
                                   "timeout": max(busy_timeout_ms, 1) / 1000},
                hide_parameters=True,
            )
            event.listen(self.engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=10,
                                        hide_parameters=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        if self.at_newest_schema():
            # Importing Alembic (with Mako and Pygments) costs more CPU than all of
            # `lotse --help`; a database already at the newest revision needs none of it.
            return
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self._migration_lock(), self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Several servers starting at once on a fresh database would each create the
                # tables and all but one fail; this lock (held to the commit) lines them up,
                # and the later ones find the schema at head.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7442110)")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def at_newest_schema(self) -> bool:
        """Whether the database's Alembic revision is the newest of the migration files
        (False when it has none yet or the files cannot be read: then Alembic decides)."""
        newest = newest_revisions()
        if not newest:
            return False
        try:
            with self.engine.connect() as conn:
                current = {str(row[0]) for row in
                           conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
        except sa_exc.DBAPIError:  # a fresh database: no version table yet
            return False
        return current == newest

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """SQLite: one process migrates at a time (a server and a command started together on
        a fresh data directory would both create the tables); a lock file beside the database
        does it, since SQLite's deferred transactions do not."""
        path = self.url.split("sqlite:///", 1)[-1] if self.url.startswith("sqlite") else ""
        if not path or path == ":memory:":
            yield
            return
        import fcntl

        with open(f"{path}.migrate-lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back whole on any error."""
        s = self._sessions()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def insert(self, table: type[Base]):  # type: ignore[no-untyped-def]
        """An INSERT that can say ON CONFLICT in this database's dialect (SQLite, PostgreSQL)."""
        dialect = sqlite if self.is_sqlite else postgresql
        return dialect.insert(table)

    def check_writable(self) -> None:
        """Raise unless a write could start now: readers still succeed under another
        writer's lock (WAL), so a read alone would call a locked database ready."""
        with self.engine.connect() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("PRAGMA busy_timeout=200")
                try:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                    conn.exec_driver_sql("ROLLBACK")
                finally:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
            else:
                # A hot standby or a server put into read-only mode answers reads only.
                if conn.execute(text("SHOW transaction_read_only")).scalar() == "on":
                    raise RuntimeError("the database accepts reads only")

    def checkpoint(self) -> bool:
        """Fold the WAL into the database file and empty it, so that erased text does not
        linger in the log until the next automatic checkpoint (SQLite only). False when it
        could not finish now (readers or a writer in the way, or the store failing); the
        erasure itself is committed either way and SQLite checkpoints again later."""
        if not self.is_sqlite:
            return True
        try:
            with self.engine.connect() as conn:
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
        except sa_exc.OperationalError as exc:
            log.warning("WAL checkpoint after an erasure failed: %s", str(exc).splitlines()[0])
            return False
        return not busy


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=(.*)$", re.M)


@lru_cache(maxsize=1)
def newest_revisions() -> frozenset[str]:
    """The head revision(s) of knowledge/migrations, read from the files' `revision` and
    `down_revision` lines (what Alembic reads too); empty when a file does not say them
    plainly, so that Alembic itself is asked."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return frozenset()
        revisions.add(revision.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return frozenset(revisions - parents)


_lock = threading.Lock()
_databases: dict[str, Database] = {}


def get_database(settings: Settings) -> Database:
    """One engine per URL and process, migrated to the newest schema on first use."""
    url = settings.sqlalchemy_url
    with _lock:
        db = _databases.get(url)
        if db is None:
            db = Database(url, busy_timeout_ms=settings.db_busy_timeout_ms)
            db.migrate()
            _databases[url] = db
        return db


def forget_database(settings: Settings) -> None:
    """Drop the cached engine (tests that delete a data directory)."""
    with _lock:
        db = _databases.pop(settings.sqlalchemy_url, None)
    if db is not None:
        db.engine.dispose()
