"""Probes for issue 11, points 4-7 (rate limits, console login, faults, privacy), as recorded
in docs/RELIABILITY.md. Runs a real uvicorn server in this process on a fresh data directory
with the small test corpus, with the default settings, and prints one JSON object.

    .venv/bin/python scripts/probe_limits_privacy.py --output /tmp/probe.json

It uses only APIs that existed before the fixes, so the same script measures an older
checkout too (PYTHONPATH=<that checkout>).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import shutil
import socket
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn

REPO = Path(__file__).resolve().parents[1]
MINI_CORPUS = REPO / "tests" / "data" / "mini_corpus"
TOKEN = "probe-admin-token-5b2e"
GERMAN = "Wer ist Lead Partner von InnoCoopPolSax?"
SECRET_TEXT = "Kennwort Zitronenfalter-4711"
CONTACT_TEXT = "Rufen Sie mich an, Stichwort Kaktusbluete-0815"


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(record.getMessage())
        except Exception:  # a record we cannot format is no evidence either way
            pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(app: Any) -> tuple[str, uvicorn.Server, threading.Thread]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="info"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def via(visitor: int) -> dict[str, str]:
    """A client address per probe (uvicorn trusts X-Forwarded-For from 127.0.0.1, as from a
    reverse proxy), so one probe's limits do not spill into the next."""
    return {"x-forwarded-for": f"198.51.100.{visitor}"}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    return found.group(1) if found else ""


def statuses(responses: list[httpx.Response]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for r in responses:
        counted[str(r.status_code)] = counted.get(str(r.status_code), 0) + 1
    return counted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lotse-probe"))
    parser.add_argument("--output", type=Path, help="write the JSON here (stdout carries the "
                                                     "server's access log)")
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    data_dir = args.workdir / "data"

    from bot.settings import AppSettings as Settings  # the web app reads the faces' settings too
    from bot.web.app import create_app
    from ingestion.pipeline import Ingestor
    from knowledge.embeddings import get_embedder

    settings = Settings(_env_file=None, LOTSE_DATA_DIR=data_dir,  # type: ignore[call-arg]
                        LOTSE_ADMIN_TOKEN=TOKEN)
    Ingestor(settings, get_embedder(settings)).ingest([MINI_CORPUS])
    database_file = data_dir / "lotse.db"

    # A contact request 100 days old, to see whether the start-up retention purge takes it.
    from knowledge.db import ContactRequest, get_database

    with get_database(settings).session() as s:
        s.add(ContactRequest(name="Alt", email="alt@example.de", message="old request",
                             language="de", channel="web", consent=True, status="new",
                             created_at=datetime.now() - timedelta(days=100)))

    root = logging.getLogger()
    root.setLevel(logging.INFO)
    app_log = Collected()
    root.addHandler(app_log)
    url, server, thread = start(create_app(settings))
    access_log = Collected()
    logging.getLogger("uvicorn.access").addHandler(access_log)
    report: dict[str, Any] = {}
    # No keep-alive: a server error may close a connection, the next probe needs a fresh one.
    client = httpx.Client(base_url=url, timeout=60,
                          limits=httpx.Limits(max_keepalive_connections=0))
    try:
        with sqlite3.connect(database_file) as raw:
            report["retention_old_contact_requests_left"] = raw.execute(
                "SELECT COUNT(*) FROM contact_requests WHERE message = 'old request'"
            ).fetchone()[0]

        # --- 4. rate limits ------------------------------------------------------------------
        first = client.post("/api/chat", json={"question": GERMAN}, headers=via(1)).json()
        session = first["session_id"]
        started = time.perf_counter()
        chats = [client.post("/api/chat", json={"question": GERMAN, "session_id": session},
                             headers=via(1)) for _ in range(300)]
        report["chat_300_into_one_session"] = {
            "statuses": statuses(chats), "seconds": round(time.perf_counter() - started, 1),
            "retry_after": next((r.headers.get("retry-after") for r in chats
                                 if r.status_code == 429), None)}
        contact = {"name": "Probe", "email": "probe@example.de", "message": "Bitte Rückruf",
                   "consent": True, "language": "pl"}
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=16) as pool:
            contacts = list(pool.map(
                lambda _: client.post("/api/contact", json=contact, headers=via(2)), range(300)))
        refused = next((r for r in contacts if r.status_code == 429), None)
        report["contact_300_parallel"] = {
            "statuses": statuses(contacts), "seconds": round(time.perf_counter() - started, 1),
            "message_429": refused.json().get("message") if refused is not None else None}
        message_id = first["message_id"]
        ratings = [client.post("/api/feedback", json={"message_id": message_id,
                                                      "rating": "up" if n % 2 else "down"},
                               headers=via(3)) for n in range(20)]
        with sqlite3.connect(database_file) as raw:
            rows = raw.execute("SELECT COUNT(*) FROM feedback WHERE message_id = ?",
                               (message_id,)).fetchone()[0]
        report["rate_one_message_20_times"] = {"statuses": statuses(ratings),
                                               "rows_stored": rows}

        # --- 5. console login ----------------------------------------------------------------
        console = httpx.Client(base_url=url, timeout=30, headers=via(4))
        page = console.get("/admin/login")
        anonymous_cookie = console.cookies.get("lotse_admin")
        from itsdangerous import BadSignature, URLSafeTimedSerializer

        derived = hashlib.sha256(b"lotse-console-session\0" + TOKEN.encode()).hexdigest()
        try:
            URLSafeTimedSerializer(derived, salt="lotse-console").loads(anonymous_cookie)
            offline_test = True
        except BadSignature:
            offline_test = False
        started = time.perf_counter()
        guesses = 20_000
        for n in range(guesses):
            key = hashlib.sha256(b"lotse-console-session\0" + f"guess-{n}".encode()).hexdigest()
            URLSafeTimedSerializer(key, salt="lotse-console")
        report["console_offline_guess_check"] = {
            "anonymous_cookie_verifiable_with_token_derived_key": offline_test,
            "derived_keys_per_second": round(guesses / (time.perf_counter() - started))}
        wrong: list[httpx.Response] = []
        started = time.perf_counter()
        for n in range(30):
            page = console.get("/admin/login")
            wrong.append(console.post("/admin/login", data={
                "token": f"wrong-{n}", "csrf_token": csrf_of(page.text)}))
        report["console_30_wrong_tokens"] = {
            "statuses": statuses(wrong),
            "ms_per_attempt": round((time.perf_counter() - started) * 1000 / 30, 1),
            "last_retry_after": wrong[-1].headers.get("retry-after")}
        page = console.get("/admin/login")
        report["console_right_token_after_wrong_ones_same_address"] = console.post(
            "/admin/login", data={"token": TOKEN, "csrf_token": csrf_of(page.text)}).status_code
        staff = httpx.Client(base_url=url, timeout=30, headers=via(5))
        page = staff.get("/admin/login")
        login = staff.post("/admin/login", data={"token": TOKEN,
                                                 "csrf_token": csrf_of(page.text)})
        report["console_login_other_address"] = login.status_code
        if login.status_code in (200, 303):
            copied = staff.cookies.get("lotse_admin")
            overview = staff.get("/admin/")
            staff.post("/admin/logout", data={"csrf_token": csrf_of(overview.text)})
            thief = httpx.Client(base_url=url, timeout=30)
            thief.cookies.set("lotse_admin", copied or "", domain="127.0.0.1", path="/admin")
            report["console_copied_cookie_after_logout"] = thief.get("/admin/").status_code

        # --- 6. a database locked for 10 s ---------------------------------------------------
        holder = sqlite3.connect(database_file, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN EXCLUSIVE")
        release = threading.Timer(10, lambda: holder.execute("ROLLBACK"))
        release.start()
        with sqlite3.connect(database_file) as raw:
            messages_before = raw.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        started = time.perf_counter()
        locked_chat = client.post("/api/chat", json={"question": GERMAN, "language": "pl"},
                                  headers=via(6))
        chat_seconds = time.perf_counter() - started
        ready_during = client.get("/readyz", headers=via(6))
        release.join()
        ready_after = client.get("/readyz")
        with sqlite3.connect(database_file) as raw:
            messages_after = raw.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        report["database_locked_10s"] = {
            "chat_status": locked_chat.status_code, "chat_seconds": round(chat_seconds, 1),
            "chat_retry_after": locked_chat.headers.get("retry-after"),
            "chat_message": locked_chat.json().get("message"),
            "readyz_during": ready_during.status_code, "readyz_after": ready_after.status_code,
            "messages_written_during_lock": messages_after - messages_before}
        holder.close()

        # --- 7. erasure ----------------------------------------------------------------------
        answer = client.post("/api/chat", json={"question": GERMAN + " " + SECRET_TEXT},
                             headers=via(7)).json()
        erased = answer["session_id"]
        client.post("/api/contact", json={
            "name": "Erika", "email": "erika@example.de", "message": CONTACT_TEXT,
            "consent": True, "session_id": erased, "language": "de"}, headers=via(7))
        deleted = client.delete(f"/api/sessions/{erased}", headers=via(7))
        with sqlite3.connect(database_file) as raw:
            linked = raw.execute("SELECT COUNT(*) FROM contact_requests WHERE message = ?",
                                 (CONTACT_TEXT,)).fetchone()[0]
        on_disk = b"".join(p.read_bytes() for p in (database_file,
                                                     database_file.with_name("lotse.db-wal"))
                           if p.exists())
        all_lines = app_log.lines + access_log.lines
        report["erasure"] = {
            "delete_status": deleted.status_code,
            "contact_requests_left": linked,
            "question_text_in_db_files": SECRET_TEXT.encode() in on_disk,
            "contact_text_in_db_files": CONTACT_TEXT.encode() in on_disk,
            "log_lines_with_session_id": sum(erased in line for line in all_lines),
            "log_lines_with_any_session_id": sum(
                bool(re.search(r"s_[A-Za-z0-9_-]{22}", line)) for line in all_lines)}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    text = json.dumps(report, indent=1, ensure_ascii=False)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
