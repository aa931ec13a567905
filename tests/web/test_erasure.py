"""Issue 11, point 7: erasure and retention.

Before: `DELETE /api/sessions/{id}` kept the linked advisor request (name, e-mail, message),
the retention purge never touched advisor requests, erased text stayed in the WAL until the
next checkpoint, and session ids were written to the INFO log and the access log.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from bot.cli import app as cli_app
from bot.conversations import short_hash
from bot.core.assistant import Assistant
from bot.web.app import create_app
from knowledge.db import ContactRequest, forget_database, utcnow
from knowledge.settings import Settings
from tests.conftest import make_settings
from tests.web.conftest import start_live_server

QUESTION = "Wer ist Lead Partner von InnoCoopPolSax? Kennwort Zitronenfalter-4711"
CONTACT_TEXT = "Bitte rufen Sie mich an, Stichwort Kaktusblüte-0815"
EMAIL = "erika.mustermann-8c1f@example.de"


@pytest.fixture
def private_settings(mini_data_dir: Path, tmp_path: Path) -> Iterator[Settings]:
    target = tmp_path / "data"
    shutil.copytree(mini_data_dir, target)
    s = make_settings(target)
    yield s
    forget_database(s)


def database_bytes(settings: Settings) -> bytes:
    """Everything SQLite keeps on disk for the database: the file and its WAL."""
    files = [settings.data_dir / name for name in ("lotse.db", "lotse.db-wal")]
    return b"".join(path.read_bytes() for path in files if path.exists())


def test_erasing_a_session_erases_its_contact_request_and_leaves_no_trace_on_disk(
        private_settings: Settings) -> None:
    app = create_app(private_settings)
    assistant: Assistant = app.state.assistant
    with TestClient(app) as client:
        answer = client.post("/api/chat", json={"question": QUESTION}).json()
        session = answer["session_id"]
        contact = client.post("/api/contact", json={
            "name": "Erika Mustermann", "email": EMAIL, "message": CONTACT_TEXT,
            "consent": True, "session_id": session})
        assert contact.status_code == 201
        unrelated = client.post("/api/contact", json={
            "name": "Max", "email": "max@example.de", "message": "Ohne Gespräch",
            "consent": True})
        on_disk = database_bytes(private_settings)
        for text in (QUESTION, CONTACT_TEXT, EMAIL):
            assert text.encode() in on_disk, "the probe must find the text before erasure"

        assert client.delete(f"/api/sessions/{session}").status_code == 204

        with assistant.db.session() as s:
            remaining = s.scalars(select(ContactRequest.id)).all()
        assert contact.json()["id"] not in remaining
        assert unrelated.json()["id"] in remaining, "other visitors' requests stay"
        on_disk = database_bytes(private_settings)
        for text in (QUESTION, CONTACT_TEXT, EMAIL):
            assert text.encode() not in on_disk, f"{text!r} is still in the database files"


def test_retention_covers_contact_requests(private_settings: Settings) -> None:
    assistant = Assistant(private_settings)
    conversations = assistant.conversations
    old = conversations.add_contact(name="Alt", email="alt@example.de", message="alt",
                                    language="de", consent=True)
    new = conversations.add_contact(name="Neu", email="neu@example.de", message="neu",
                                    language="de", consent=True)
    with assistant.db.session() as s:
        s.execute(update(ContactRequest).where(ContactRequest.id == old).values(
            created_at=utcnow() - timedelta(days=private_settings.retention_days + 1)))
    result = CliRunner().invoke(cli_app, ["purge", "--data-dir",
                                          str(private_settings.data_dir)])
    assert result.exit_code == 0, result.output
    assert "1 advisor requests" in result.output
    with assistant.db.session() as s:
        assert s.scalars(select(ContactRequest.id)).all() == [new]


def test_contact_retention_has_its_own_setting(private_settings: Settings) -> None:
    assistant = Assistant(private_settings)
    conversations = assistant.conversations
    request = conversations.add_contact(name="A", email="a@example.de", message="m",
                                        language="de", consent=True)
    with assistant.db.session() as s:
        s.execute(update(ContactRequest).values(created_at=utcnow() - timedelta(days=40)))
    assert conversations.purge_expired(90, contact_days=60).contact_requests == 0
    assert conversations.purge_expired(90, contact_days=0).contact_requests == 0  # 0 keeps
    assert conversations.purge_expired(90, contact_days=30).contact_requests == 1
    with assistant.db.session() as s:
        assert s.get(ContactRequest, request) is None


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_session_ids_never_reach_the_logs(private_settings: Settings) -> None:
    """A real uvicorn server with its access log: the app's INFO line about an answer and
    the access-log line of the erasure carry a short hash, never the id itself."""
    from uvicorn.logging import AccessFormatter

    root = logging.getLogger()
    app_lines = Collected()
    access_lines = Collected()
    access_lines.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" '
                                              "%(status_code)s", use_colors=False))
    previous_level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(app_lines)  # before start-up: the app filters the handlers it finds
    access = logging.getLogger("uvicorn.access")
    live, thread = start_live_server(create_app(private_settings))
    access.addHandler(access_lines)
    try:
        answer = httpx.post(f"{live.url}/api/chat", json={"question": QUESTION},
                            timeout=60).json()
        session = answer["session_id"]
        assert httpx.delete(f"{live.url}/api/sessions/{session}").status_code == 204
        assert httpx.delete(f"{live.url}/api/sessions/{session}").status_code == 404
    finally:
        live.server.should_exit = True
        thread.join(timeout=10)
        access.removeHandler(access_lines)
        root.removeHandler(app_lines)
        root.setLevel(previous_level)
    everything = "\n".join(app_lines.lines + access_lines.lines)
    assert session not in everything
    hashed = "s" + short_hash(session)
    assert any("answer session=" + hashed in line for line in app_lines.lines), app_lines.lines
    assert sum(f"DELETE /api/sessions/{hashed}" in line for line in access_lines.lines) == 2
