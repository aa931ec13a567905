"""Issue 11 leftover: an advisor request's Idempotency-Key must hold across web workers.

Before: the key lived in one process's memory, so a retry that reached another worker (or the
same one after a restart) stored a second request. Now the key's hash is a unique column of the
request's row. Every test runs on SQLite and, with LOTSE_TEST_POSTGRES_URL, on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from bot.conversations import ContactReceipt, ConversationStore
from bot.core.assistant import Assistant
from bot.web.app import create_app
from bot.web.strings import WEB_STRINGS
from knowledge.db import ContactRequest, Database, forget_database, get_database
from knowledge.settings import Settings
from tests.knowledge.conftest import Backend, backend_named

KEY = "widget-7d2e4b10-across-workers"


def contact(**fields: object) -> dict[str, object]:
    return {"name": "Zofia Kowalska", "email": "zofia@example.pl",
            "message": "Proszę o kontakt w sprawie dotacji.", "language": "pl",
            "consent": True} | fields


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    chosen = backend_named(request.param)
    yield chosen
    chosen.drop_all()


@pytest.fixture
def shared_settings(backend: Backend, mini_data_dir: Path, tmp_path: Path) -> Iterator[Settings]:
    """One data directory (and, on PostgreSQL, one database) that several workers share."""
    data_dir = tmp_path / "data"
    shutil.copytree(mini_data_dir, data_dir)
    settings = backend.settings(data_dir)
    yield settings
    forget_database(settings)


def worker(settings: Settings) -> TestClient:
    """A web worker of its own: its own app and assistant, sharing only the stores."""
    return TestClient(create_app(settings, Assistant(settings)))


def rows_with_key(settings: Settings, key: str) -> list[ContactRequest]:
    with get_database(settings).session() as s:
        return list(s.scalars(select(ContactRequest).where(
            ContactRequest.client_key == hashlib.sha256(key.encode()).hexdigest())))


def test_a_retry_reaching_another_worker_or_a_restarted_one_stores_one_request(
        shared_settings: Settings) -> None:
    headers = {"Idempotency-Key": KEY}
    with worker(shared_settings) as first_worker, worker(shared_settings) as second_worker:
        first = first_worker.post("/api/contact", json=contact(), headers=headers)
        retry = second_worker.post("/api/contact", json=contact(), headers=headers)
        other_text = second_worker.post(
            "/api/contact", json=contact(message="Zupełnie inna sprawa."), headers=headers)
    assert first.status_code == retry.status_code == 201, (first.text, retry.text)
    assert retry.json() == first.json()
    assert retry.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers
    assert other_text.status_code == 422
    assert other_text.json()["message"] == WEB_STRINGS["idempotency_key_reused"]["pl"]

    # A restart: the process's engine is gone, a new worker starts on the same store.
    forget_database(shared_settings)
    with worker(shared_settings) as restarted:
        after_restart = restarted.post("/api/contact", json=contact(), headers=headers)
        another_key = restarted.post("/api/contact", json=contact(),
                                     headers={"Idempotency-Key": "widget-a-new-submission"})
    assert after_restart.status_code == 201 and after_restart.json() == first.json()
    assert another_key.status_code == 201 and another_key.json()["id"] != first.json()["id"]

    stored = rows_with_key(shared_settings, KEY)
    assert [row.id for row in stored] == [first.json()["id"]]
    assert stored[0].client_key != KEY  # only the hash is kept


def test_racing_workers_with_one_key_store_one_request(shared_settings: Settings) -> None:
    """Six submissions with one key at once, from two engines (two processes' worth of
    connections): the unique index lets exactly one through, the others get its id."""
    get_database(shared_settings)  # migrated once before the race
    stores = [ConversationStore(Database(shared_settings.sqlalchemy_url,
                                         busy_timeout_ms=30_000)) for _ in range(2)]
    start = threading.Barrier(6)
    receipts: list[ContactReceipt] = []
    errors: list[BaseException] = []

    def submit(store: ConversationStore) -> None:
        start.wait()
        try:
            receipts.append(store.add_contact_once(
                hashlib.sha256(b"race-key-0001").hexdigest(), name="Petr Dvořák",
                email="petr@example.cz", message="Zavolejte mi.", language="cs", consent=True))
        except BaseException as exc:  # reported below with the receipts
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(stores[i % 2],)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for store in stores:
        store.db.engine.dispose()
    assert not errors, errors
    assert len(receipts) == 6
    assert len({receipt.id for receipt in receipts}) == 1
    assert sorted(receipt.replayed for receipt in receipts) == [False] + [True] * 5
    assert all(receipt.same_request for receipt in receipts)
    assert len(rows_with_key(shared_settings, "race-key-0001")) == 1


def test_erasing_the_conversation_erases_the_request_and_its_key(
        shared_settings: Settings) -> None:
    with worker(shared_settings) as client:
        conversations = client.app.state.assistant.conversations  # type: ignore[attr-defined]
        session = conversations.ensure_session(None, "web", "pl")
        first = client.post("/api/contact", json=contact(session_id=session),
                            headers={"Idempotency-Key": KEY})
        assert first.status_code == 201
        assert len(rows_with_key(shared_settings, KEY)) == 1
        assert client.delete(f"/api/sessions/{session}").status_code in (200, 204)
        assert rows_with_key(shared_settings, KEY) == []
        # Nothing of the erased request answers a retry: it is stored afresh, as new.
        again = client.post("/api/contact", json=contact(), headers={"Idempotency-Key": KEY})
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert [row.session_id for row in rows_with_key(shared_settings, KEY)] == [None]


def test_the_migration_adds_a_unique_nullable_client_key(shared_settings: Settings) -> None:
    database = get_database(shared_settings)
    columns = {c["name"]: c for c in inspect(database.engine).get_columns("contact_requests")}
    assert columns["client_key"]["nullable"]
    indexes = inspect(database.engine).get_indexes("contact_requests")
    assert any(ix["column_names"] == ["client_key"] and ix["unique"] for ix in indexes)
    # Requests without a key (Telegram, older rows) do not collide on NULL.
    store = ConversationStore(database)
    ids = {store.add_contact(name="T", email="t@example.de", message="m", language="de",
                             consent=True, channel="telegram") for _ in range(2)}
    assert len(ids) == 2
