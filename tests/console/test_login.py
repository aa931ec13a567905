"""Issue 11, point 5: console login.

Before: unlimited wrong guesses; with LOTSE_SESSION_SECRET unset the cookie was signed with
a key derived from the admin token alone, so the anonymous cookie of `GET /admin/login`
let anyone test token guesses offline; a cookie copied before logout kept working for 12 h.
"""

from __future__ import annotations

import hashlib
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bot.console.sessions import SECRET_FILE
from bot.core.assistant import Assistant
from bot.core.services.staff_logins import LoginThrottle, StaffSessions
from bot.web.app import create_app
from knowledge.db import ConsoleLoginFailure, forget_database
from knowledge.settings import Settings
from tests.conftest import make_settings
from tests.console.conftest import TOKEN, csrf_of, log_in

LOCK_AFTER = 5


@pytest.fixture
def guarded_app(console_settings: Settings, console_assistant: Assistant) -> FastAPI:
    """The console with a lock after a few wrong tokens (the suite's default is very high)."""
    settings = make_settings(console_settings.data_dir, LOTSE_ADMIN_TOKEN=TOKEN,
                             LOTSE_CONSOLE_LOCK_AFTER=LOCK_AFTER, LOTSE_CONSOLE_LOCK_MINUTES=15)
    return create_app(settings, console_assistant)


def from_address(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


def test_cookies_are_signed_with_a_random_installation_secret(tmp_path: Path) -> None:
    cookies: list[str] = []
    secrets: list[str] = []
    for installation in ("one", "two"):
        settings = make_settings(tmp_path / installation, LOTSE_ADMIN_TOKEN=TOKEN)
        try:
            with TestClient(create_app(settings)) as client:
                client.get("/admin/login")
                cookies.append(client.cookies["lotse_admin"])
                secret_file = settings.data_dir / SECRET_FILE
                assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
                secrets.append(secret_file.read_text().strip())
                # Created once: a second start (or worker) uses the same secret.
                with TestClient(create_app(settings)) as again:
                    again.get("/admin/login")
                assert secret_file.read_text().strip() == secrets[-1]
        finally:
            forget_database(settings)
    assert secrets[0] != secrets[1] and len(secrets[0]) >= 32
    # The old scheme's key, which anyone who guesses the token can compute, opens nothing.
    token_key = hashlib.sha256(b"lotse-console-session\0" + TOKEN.encode()).hexdigest()
    for cookie in cookies:
        with pytest.raises(BadSignature):
            URLSafeTimedSerializer(token_key, salt="lotse-console").loads(cookie)


def test_a_configured_secret_is_used_and_no_file_is_made(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "d", LOTSE_ADMIN_TOKEN=TOKEN,
                             LOTSE_SESSION_SECRET="configured-secret-0123456789")
    try:
        with TestClient(create_app(settings)) as client:
            client.get("/admin/login")
            URLSafeTimedSerializer("configured-secret-0123456789", salt="lotse-console").loads(
                client.cookies["lotse_admin"])
        assert not (settings.data_dir / SECRET_FILE).exists()
    finally:
        forget_database(settings)


def test_logout_ends_the_session_for_every_copy_of_the_cookie(console_app: FastAPI) -> None:
    staff = TestClient(console_app)
    assert log_in(staff).status_code == 303
    copied = staff.cookies["lotse_admin"]
    thief = TestClient(console_app)
    thief.cookies.set("lotse_admin", copied, path="/admin")
    assert thief.get("/admin/", follow_redirects=False).status_code == 200
    page = staff.get("/admin/")
    assert staff.post("/admin/logout", data={"csrf_token": csrf_of(page.text)},
                      follow_redirects=False).status_code == 303
    refused = thief.get("/admin/", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/admin/login")


def test_wrong_tokens_close_the_form_for_a_while_then_lock_the_address(
        guarded_app: FastAPI) -> None:
    client = from_address(guarded_app, "192.0.2.10")
    free = [log_in(client, token=f"guess-{n}") for n in range(3)]
    assert [r.status_code for r in free] == [401] * 3
    assert all("Retry-After" not in r.headers for r in free), "typos cost nothing"
    delayed = log_in(client, token="guess-3")
    assert delayed.status_code == 401 and delayed.headers["Retry-After"] == "1"
    # During the delay even the right token is refused, before it is compared.
    blocked = log_in(client)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    assert "Too many wrong tokens" in blocked.text
    # Another address is not affected.
    assert log_in(from_address(guarded_app, "192.0.2.11")).status_code == 303

    throttle = LoginThrottle(guarded_app.state.assistant.db, LOCK_AFTER, 15)
    throttle.failed("192.0.2.10")  # the fifth wrong token: locked for 15 minutes
    locked = log_in(client)
    assert locked.status_code == 429
    assert 14 * 60 < int(locked.headers["Retry-After"]) <= 15 * 60


def test_a_successful_login_forgives_earlier_typos(guarded_app: FastAPI) -> None:
    client = from_address(guarded_app, "192.0.2.20")
    assert log_in(client, token="typo").status_code == 401
    assert log_in(client).status_code == 303
    with guarded_app.state.assistant.db.session() as s:
        assert s.get(ConsoleLoginFailure, "192.0.2.20") is None


def test_the_delays_grow_and_are_forgiven_after_a_quiet_spell(
        console_assistant: Assistant) -> None:
    now = [datetime(2030, 1, 1, 12, 0, 0)]
    throttle = LoginThrottle(console_assistant.db, lock_after=10, lock_minutes=15,
                             clock=lambda: now[0])
    waits = []
    for _ in range(10):
        waits.append(throttle.failed("198.18.0.1"))
        assert throttle.retry_after("198.18.0.1") == waits[-1]
        now[0] += timedelta(seconds=waits[-1])
    assert waits == [0, 0, 0, 1, 2, 4, 8, 16, 32, 900]
    assert throttle.retry_after("198.18.0.1") == 0
    assert throttle.failed("198.18.0.1") == 900, "right after a lock, one guess locks again"
    now[0] += timedelta(minutes=15 + 16)
    assert throttle.retry_after("198.18.0.1") == 0
    assert throttle.failed("198.18.0.1") == 0, "counting starts afresh"


def test_console_sessions_expire(console_assistant: Assistant) -> None:
    now = [datetime(2030, 1, 1, 12, 0, 0)]
    sessions = StaffSessions(console_assistant.db, timedelta(hours=12), clock=lambda: now[0])
    session_id = sessions.start()
    assert sessions.valid(session_id) and not sessions.valid("made-up")
    now[0] += timedelta(hours=12, seconds=1)
    assert not sessions.valid(session_id)
