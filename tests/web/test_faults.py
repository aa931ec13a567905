"""Issue 11, point 6: database faults answer honestly.

Before: an exclusive lock held by another process, or a WAL that cannot be opened, gave a
generic 500 after 5 s while /readyz stayed 200. Now: 503 with Retry-After and a message in
the visitor's language on chat, feedback and contact; /readyz 503 while it lasts and 200
after; nothing half-written. The faults are real: a second SQLite connection holding a
write transaction on the same file, a directory where the WAL file must go, and Chroma's own
server stopped.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bot.core.assistant import Assistant
from bot.i18n import STRINGS
from bot.web.app import create_app
from bot.web.strings import WEB_STRINGS
from ingestion.pipeline import Ingestor
from knowledge.db import ContactRequest, FeedbackRecord, MessageRecord, store_unavailable
from knowledge.embeddings import Embedder
from knowledge.settings import Settings
from tests.conftest import MINI_CORPUS, make_settings
from tests.scaleout.conftest import ChromaServer

GERMAN = "Wer ist Lead Partner von InnoCoopPolSax?"


@pytest.fixture
def fault_settings(mini_data_dir: Path, tmp_path: Path) -> Iterator[Settings]:
    target = tmp_path / "data"
    shutil.copytree(mini_data_dir, target)
    # A short busy timeout: the lock makes requests wait this long before the 503.
    s = make_settings(target, LOTSE_DB_BUSY_TIMEOUT_MS=300)
    yield s
    from knowledge.db import forget_database

    forget_database(s)


@contextmanager
def exclusive_lock(database_file: Path) -> Iterator[None]:
    """Another process's long write transaction on the same database file."""
    other = sqlite3.connect(database_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def counts(assistant: Assistant) -> tuple[int, int, int]:
    with assistant.db.session() as s:
        return (s.scalar(select(func.count(MessageRecord.id))) or 0,
                s.scalar(select(func.count(FeedbackRecord.id))) or 0,
                s.scalar(select(func.count(ContactRequest.id))) or 0)


def assert_unavailable(response, language: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    body = response.json()
    assert body["error"] == "unavailable" and body["language"] == language
    assert body["message"] == WEB_STRINGS["unavailable"][language]


def test_a_locked_database_is_a_503_and_not_ready_until_the_lock_ends(
        fault_settings: Settings) -> None:
    app = create_app(fault_settings)
    assistant: Assistant = app.state.assistant
    with TestClient(app) as client:
        answer = client.post("/api/chat", json={"question": GERMAN}).json()
        assert client.get("/readyz").status_code == 200
        before = counts(assistant)
        with exclusive_lock(fault_settings.data_dir / "lotse.db"):
            assert_unavailable(client.post("/api/chat", json={
                "question": "Kto prowadził projekt InnoCoopPolSax?", "language": "pl"}), "pl")
            assert_unavailable(client.post(
                "/api/feedback", json={"message_id": answer["message_id"], "rating": "up"},
                headers={"Accept-Language": "cs-CZ"}), "cs")
            assert_unavailable(client.post("/api/contact", json={
                "name": "Anna", "email": "anna@example.de", "message": "Bitte um Rückruf",
                "consent": True, "language": "de"}), "de")
            ready = client.get("/readyz")
            assert ready.status_code == 503 and "Retry-After" in ready.headers
            assert ready.json()["checks"]["database"].startswith("unreachable")
        assert counts(assistant) == before, "nothing was half-written"
        # Recovered by itself, without a restart.
        assert client.get("/readyz").status_code == 200
        again = client.post("/api/chat", json={"question": GERMAN,
                                               "session_id": answer["session_id"]})
        assert again.status_code == 200
        assert counts(assistant)[0] == before[0] + 2


def test_an_unopenable_wal_is_a_503_and_recovers(fault_settings: Settings) -> None:
    app = create_app(fault_settings)
    assistant: Assistant = app.state.assistant
    database_file = fault_settings.data_dir / "lotse.db"
    wal = database_file.with_name("lotse.db-wal")
    with TestClient(app) as client:
        assert client.post("/api/chat", json={"question": GERMAN}).status_code == 200
        before = counts(assistant)
        # Connections are reopened (as after a restart or a pool recycle) while the WAL
        # cannot be created: its path is taken by a directory.
        assistant.db.checkpoint()
        assistant.db.engine.dispose()
        for leftover in (wal, database_file.with_name("lotse.db-shm")):
            leftover.unlink(missing_ok=True)
        wal.mkdir()
        try:
            assert_unavailable(client.post("/api/chat", json={"question": GERMAN},
                                           headers={"Accept-Language": "de"}), "de")
            assert client.get("/readyz").status_code == 503
        finally:
            wal.rmdir()
        assert client.get("/readyz").status_code == 200
        assert counts(assistant) == before
        assert client.post("/api/chat", json={"question": GERMAN}).status_code == 200


def test_a_database_bug_stays_a_500_not_a_503(fault_settings: Settings) -> None:
    """Only unavailability is a 503: a missing table is our fault and says so."""
    app = create_app(fault_settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        with app.state.assistant.db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE feedback")
            conn.exec_driver_sql("DROP TABLE messages")
        response = client.post("/api/chat", json={"question": GERMAN},
                               headers={"Accept-Language": "de"})
        assert response.status_code == 500
        assert response.json()["message"] == STRINGS["error"]["de"]


def test_classification_of_real_driver_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    waiting = sqlite3.connect(path, timeout=0.05)
    with pytest.raises(sqlite3.OperationalError) as locked:
        waiting.execute("INSERT INTO t VALUES (1)")
    assert store_unavailable(locked.value)
    holder.execute("ROLLBACK")
    with pytest.raises(sqlite3.OperationalError) as missing:
        waiting.execute("SELECT * FROM no_such_table")
    assert not store_unavailable(missing.value)
    assert not store_unavailable(ValueError("database is locked"))


def test_an_unreachable_vector_store_is_answered_from_the_copy_and_not_ready(
        tmp_path: Path, embedder: Embedder) -> None:
    """Chroma's own server stopped under a running Lotse: visitors are still answered, in
    their language, from the in-memory copy of the index (knowledge/retrieval.py: answering
    reads no vector from Chroma since the third session of 1 December), while /readyz says
    the index is unreachable so that a load balancer can move traffic; it recovers when the
    server is back."""
    chroma = ChromaServer(tmp_path / "chroma-server").start()
    settings = make_settings(tmp_path / "data", CHROMA_URL=chroma.url)
    try:
        assert not Ingestor(settings, embedder).ingest([MINI_CORPUS]).failed
        app = create_app(settings)
        with TestClient(app) as client:
            assert client.post("/api/chat", json={"question": GERMAN}).status_code == 200
            before = counts(app.state.assistant)
            chroma.stop()
            answered = client.post("/api/chat", json={
                "question": "Kdo vedl projekt InnoCoopPolSax?", "language": "cs"})
            assert answered.status_code == 200, answered.text
            assert answered.json()["language"] == "cs" and answered.json()["answered"]
            # one whole turn stored (question and answer), nothing half-written
            assert counts(app.state.assistant) == (before[0] + 2, before[1], before[2])
            ready = client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["checks"]["index"].startswith("unreachable")
            chroma.start()  # same path and port
            assert client.get("/readyz").status_code == 200
            assert client.post("/api/chat", json={"question": GERMAN}).status_code == 200
    finally:
        chroma.stop()
        from knowledge.db import forget_database

        forget_database(settings)


def test_postgresql_refusing_connections_is_a_503_and_recovers(
        tmp_path: Path, embedder: Embedder) -> None:
    """On PostgreSQL (LOTSE_TEST_POSTGRES_URL): the database stops accepting connections and
    its sessions are ended, as in maintenance or a fail-over; then it is allowed again."""
    import psycopg

    from tests.knowledge.conftest import Backend, _postgres_admin_url

    backend = Backend("postgresql", _postgres_admin_url())
    settings = backend.settings(tmp_path / "data")
    database = settings.database_url.rsplit("/", 1)[1] if settings.database_url else ""

    def allow_connections(allowed: bool) -> None:
        with psycopg.connect(backend.admin_url or "", autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allowed).lower()}')
            if not allowed:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = %s", (database,))

    try:
        assert not Ingestor(settings, embedder).ingest([MINI_CORPUS]).failed
        app = create_app(settings)
        with TestClient(app) as client:
            assert client.get("/readyz").status_code == 200
            allow_connections(False)
            try:
                assert_unavailable(client.post("/api/chat", json={"question": GERMAN}), "de")
                assert_unavailable(client.post("/api/contact", json={
                    "name": "Jan", "email": "jan@example.pl", "message": "Proszę o kontakt",
                    "consent": True, "language": "pl"}), "pl")
                assert client.get("/readyz").status_code == 503
            finally:
                allow_connections(True)
            assert client.get("/readyz").status_code == 200
            assert client.post("/api/chat", json={"question": GERMAN}).status_code == 200
    finally:
        from knowledge.db import forget_database

        forget_database(settings)
        backend.drop_all()
