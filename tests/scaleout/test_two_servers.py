"""Scale-out on the engines that exist: two `lotse serve` processes on different ports, each
with its own (empty) data directory, share Chroma's own server (`CHROMA_URL`) and PostgreSQL
(`DATABASE_URL`). Whatever a user does through one is there on the other.

Skips with the reason when no PostgreSQL is configured (LOTSE_TEST_POSTGRES_URL; CI sets it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from ingestion.pipeline import Ingestor
from knowledge.db import (
    ContactRequest,
    FeedbackRecord,
    MessageRecord,
    forget_database,
    get_database,
)
from knowledge.embeddings import Embedder
from knowledge.settings import Settings
from tests.conftest import MINI_CORPUS
from tests.knowledge.conftest import Backend, _postgres_admin_url
from tests.scaleout.conftest import (
    ChromaServer,
    ServeProcess,
    ask,
    launch_serve,
    lotse_env,
    staff_upload,
    wait_ready,
)

ADMIN_TOKEN = "scale-out-admin-token"
FAIR_PAGE = """---
title: Kooperationsbörse Lauban 2027
language: de
---
Die Kooperationsbörse Lauban 2027 findet am 9. März 2027 im Rathaus Lubań statt. Anmeldeschluss
für Aussteller ist der 12. Februar 2027; die Teilnahme kostet 80 Euro pro Unternehmen.
"""


@pytest.fixture
def shared_settings(chroma_server: ChromaServer, tmp_path: Path,
                    embedder: Embedder) -> Iterator[Settings]:
    """A fresh PostgreSQL database and the Chroma server, with the mini corpus ingested."""
    backend = Backend("postgresql", _postgres_admin_url())
    settings = backend.settings(tmp_path / "ingest-data", CHROMA_URL=chroma_server.url)
    report = Ingestor(settings, embedder).ingest([MINI_CORPUS])
    assert not report.failed, report.failed
    yield settings
    forget_database(settings)
    backend.drop_all()


def test_two_servers_share_conversations_documents_feedback_and_contacts(
        shared_settings: Settings, tmp_path: Path,
        serve_processes: list[ServeProcess]) -> None:
    env = lotse_env(DATABASE_URL=str(shared_settings.database_url),
                    CHROMA_URL=str(shared_settings.chroma_url), LOTSE_ADMIN_TOKEN=ADMIN_TOKEN)
    # Both start side by side, each on a data directory of its own that holds nothing shared.
    first = launch_serve(tmp_path / "a" / "data", tmp_path / "logs", env)
    serve_processes.append(first)
    second = launch_serve(tmp_path / "b" / "data", tmp_path / "logs", env)
    serve_processes.append(second)
    started = time.monotonic()
    wait_ready(first)
    wait_ready(second)
    print(f"two servers ready in {time.monotonic() - started:.1f} s")
    assert not (tmp_path / "a" / "data" / "chroma").exists(), "the index is the server's"

    # A conversation begun on one server continues on the other.
    opened = ask(first.url, "Wer ist Lead Partner von InnoCoopPolSax?")
    assert opened.status_code == 200 and opened.json()["answered"] is True
    session_id = opened.json()["session_id"]
    followed = ask(second.url, "Und wie hoch ist das Budget von InnoCoopPolSax?",
                   session_id=session_id)
    assert followed.status_code == 200, followed.text
    assert followed.json()["session_id"] == session_id
    database = get_database(shared_settings)
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(MessageRecord)
                        .where(MessageRecord.session_id == session_id)) == 4

    # Feedback sent to the other server, and sent again (a retry through the load balancer),
    # is one row; an advisor request is one row.
    message_id = opened.json()["message_id"]
    for server in (second, first):
        rated = httpx.post(f"{server.url}/api/feedback", timeout=30, json={
            "message_id": message_id, "rating": "up", "session_id": session_id})
        assert rated.status_code in (200, 201), rated.text
    contact = httpx.post(f"{second.url}/api/contact", timeout=30, json={
        "name": "Jana Nováková", "email": "jana@example.cz", "consent": True,
        "message": "Prosím o radu k veletrhu.", "session_id": session_id})
    assert contact.status_code in (200, 201), contact.text
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(FeedbackRecord)
                        .where(FeedbackRecord.message_id == message_id)) == 1
        assert s.scalar(select(func.count()).select_from(ContactRequest)
                        .where(ContactRequest.email == "jana@example.cz")) == 1

    # A document uploaded in one server's console is answered by the other.
    question = "Wann ist der Anmeldeschluss der Kooperationsbörse Lauban 2027?"
    staff_upload(first.url, ADMIN_TOKEN, "boerse-lauban.md", FAIR_PAGE)
    uploaded = time.monotonic()
    deadline = time.monotonic() + 90
    while True:
        answer = ask(second.url, question)
        assert answer.status_code == 200, answer.text
        if "12. Februar 2027" in answer.json()["answer"]:
            break
        assert time.monotonic() < deadline, (answer.json(), first.log[-3000:])
        time.sleep(0.5)
    print(f"uploaded document answered by the other server after "
          f"{time.monotonic() - uploaded:.1f} s")
    assert "Traceback" not in first.log + second.log
