"""What every console page shares: templates, the staff session cookie, CSRF, refusals.

The session is a signed cookie (itsdangerous), HttpOnly and SameSite=Strict, scoped to /admin.
It carries a CSRF token that every form posts back, a keyed fingerprint of the admin token, so
changing LOTSE_ADMIN_TOKEN logs every staff member out, and for staff the random id of a
server-side session (bot/console/sessions.py), so logout ends it for every copy of the cookie.
The signing key is LOTSE_SESSION_SECRET or a random per-installation secret, never the admin
token. With no admin token configured the console is disabled: every page says how to enable
it and every action is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bot.app_state import app_assistant, app_settings
from bot.console.sessions import signing_secret
from bot.console.settings import ConsoleFaceSettings
from bot.core.services.staff_logins import LoginThrottle, StaffSessions
from bot.i18n import counted

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

# The console is in English; its counted nouns go through the same plural rules as the
# assistant's four languages (bot.i18n.counted), so "1 question", "2 questions".
CONSOLE_NOUNS: dict[str, dict[str, dict[str, str]]] = {
    noun: {"en": {"one": noun, "other": plural}} for noun, plural in (
        ("question", "questions"), ("earlier question", "earlier questions"),
        ("document", "documents"), ("passage", "passages"),
        ("conversation", "conversations"), ("organisation", "organisations"),
        ("thumbs down", "thumbs down"), ("unanswered question", "unanswered questions"),
        ("open advisor request", "open advisor requests"), ("record", "records"),
        ("file", "files"), ("programme", "programmes"))}


def _counted(count: int, noun: str) -> str:
    return counted(int(count), noun, "en", CONSOLE_NOUNS)


templates.env.filters["counted"] = _counted

COOKIE = "lotse_admin"
COOKIE_PATH = "/admin"
SESSION_SECONDS = 12 * 3600
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
# LOTSE_UPLOAD_MAX_MB limits each file; one knowledge upload may carry this many files.
MAX_FILES_PER_UPLOAD = 10

# Console pages are never cached, framed, or allowed to load anything from elsewhere.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; frame-ancestors 'none'; "
                                "form-action 'self'; base-uri 'none'"),
}


class ConsoleDenied(Exception):
    """Raised by the guards; the console route class turns it into its response."""

    def __init__(self, response: Response) -> None:
        super().__init__("console access refused")
        self.response = response


class ConsoleRoute(APIRoute):
    """Console routes answer refusals with HTML (not the API's JSON) and add security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def console_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except ConsoleDenied as denied:
                response = denied.response
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return console_handler


# The one console router: every page module adds its routes here (a flat list of routes).
router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)


@dataclass
class StaffSession:
    csrf: str
    staff: bool
    # The server-side session of a logged-in staff member (None before login).
    session_id: str | None = None

    @classmethod
    def new(cls, *, staff: bool, session_id: str | None = None) -> StaffSession:
        return cls(csrf=secrets.token_urlsafe(24), staff=staff, session_id=session_id)


def console_settings(request: Request) -> ConsoleFaceSettings:
    """The process's settings as the console reads them: the web app that mounts the console
    keeps one `bot.settings.AppSettings` in `app.state`, which is one of these."""
    return request.app.state.settings


ConsoleSettingsDep = Annotated[ConsoleFaceSettings, Depends(console_settings)]


def console_enabled(settings: ConsoleFaceSettings) -> bool:
    return bool(settings.admin_token and settings.admin_token.get_secret_value().strip())


def _admin_token(settings: ConsoleFaceSettings) -> str:
    return settings.admin_token.get_secret_value().strip() if settings.admin_token else ""


def _serializer(settings: ConsoleFaceSettings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_secret(settings), salt="lotse-console")


def _token_fingerprint(settings: ConsoleFaceSettings) -> str:
    # Keyed with the secret: the cookie's payload is readable, and an unkeyed hash of the
    # token would let anyone holding a cookie test guesses offline.
    return hmac.new(signing_secret(settings).encode(), _admin_token(settings).encode(),
                    hashlib.sha256).hexdigest()[:24]


def console_sessions(request: Request) -> StaffSessions:
    return app_assistant(request).services.staff_sessions(timedelta(seconds=SESSION_SECONDS))


def client_address(request: Request) -> str:
    # uvicorn's proxy_headers set this from X-Forwarded-For only for trusted proxies.
    return request.client.host if request.client else "unknown"


def login_throttle(request: Request) -> LoginThrottle:
    settings = console_settings(request)
    return app_assistant(request).services.login_throttle(settings.console_lock_after,
                                                          settings.console_lock_minutes)


def token_matches(settings: ConsoleFaceSettings, offered: str) -> bool:
    expected = _admin_token(settings)
    return bool(expected) and hmac.compare_digest(offered.strip().encode(), expected.encode())


def read_session(request: Request, settings: ConsoleFaceSettings) -> StaffSession | None:
    raw = request.cookies.get(COOKIE)
    if not raw or not console_enabled(settings):
        return None
    try:
        data = _serializer(settings).loads(raw, max_age=SESSION_SECONDS)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
        return None
    session_id = data.get("sid") if isinstance(data.get("sid"), str) else None
    staff = (bool(data.get("staff")) and data.get("fp") == _token_fingerprint(settings)
             and session_id is not None and console_sessions(request).valid(session_id))
    return StaffSession(csrf=data["csrf"], staff=staff, session_id=session_id if staff else None)


def set_session_cookie(response: Response, request: Request, settings: ConsoleFaceSettings,
                       session: StaffSession) -> None:
    value = _serializer(settings).dumps({"csrf": session.csrf, "staff": session.staff,
                                         "fp": _token_fingerprint(settings) if session.staff
                                         else "", "sid": session.session_id or ""})
    response.set_cookie(COOKIE, value, max_age=SESSION_SECONDS, path=COOKIE_PATH,
                        httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def clear_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict")


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status_code: int = 200, session: StaffSession | None = None) -> Response:
    values = {"csrf_token": session.csrf if session else "", "staff": bool(session and
              session.staff), "path": request.url.path} | (context or {})
    return templates.TemplateResponse(request, template, values, status_code=status_code)


def disabled_page(request: Request) -> Response:
    return render(request, "disabled.html", status_code=503)


def _refuse(request: Request, status_code: int, reason: str) -> ConsoleDenied:
    return ConsoleDenied(render(request, "refused.html", {"reason": reason},
                                status_code=status_code))


def require_staff(request: Request) -> StaffSession:
    """Pages: a logged-in staff member, else the login page (or the 'disabled' page)."""
    settings = console_settings(request)
    if not console_enabled(settings):
        raise ConsoleDenied(disabled_page(request))
    session = read_session(request, settings)
    if session is None or not session.staff:
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise ConsoleDenied(RedirectResponse(
                f"{COOKIE_PATH}/login?next={quote(target, safe='')}", status_code=303))
        raise _refuse(request, 401, "not_logged_in")
    return session


async def require_staff_action(request: Request) -> StaffSession:
    """State-changing requests: a staff session and the CSRF token of that session."""
    session = require_staff(request)
    # Refuse an oversized body before parsing it (uploads are spooled to disk while parsed).
    # The cap fits the largest legal request, a full multi-file upload; the pages check each file.
    limit = (app_settings(request).upload_max_mb * MAX_FILES_PER_UPLOAD + 1) * 1024 * 1024
    if int(request.headers.get("content-length") or 0) > limit:
        raise _refuse(request, 413, "too_large")
    offered = request.headers.get(CSRF_HEADER, "")
    if not offered:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        offered = value if isinstance(value, str) else ""
    if not offered or not hmac.compare_digest(offered.encode(), session.csrf.encode()):
        raise _refuse(request, 403, "csrf")
    return session


Staff = Annotated[StaffSession, Depends(require_staff)]
StaffAction = Annotated[StaffSession, Depends(require_staff_action)]


def safe_next(target: str | None) -> str:
    """Only console-internal redirects after login (no open redirect to other sites)."""
    if target and target.startswith(COOKIE_PATH + "/") and not target.startswith("//") \
            and "\\" not in target:
        return target
    return COOKIE_PATH + "/"
