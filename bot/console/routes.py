"""Staff console, mounted by the web app under /admin: login, overview, static files, job
status, and the pages of the sub-routers (playground, knowledge, organisations,
conversations, evaluation)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse

from bot.app_state import AssistantDep
from bot.console.jobs import job_runner
from bot.console.web import (
    HERE,
    ConsoleSettingsDep,
    Staff,
    StaffAction,
    StaffSession,
    clear_session,
    client_address,
    console_enabled,
    console_sessions,
    disabled_page,
    login_throttle,
    read_session,
    render,
    router,
    safe_next,
    set_session_cookie,
    token_matches,
)

STATIC_FILES = {"console.css": "text/css", "console.js": "text/javascript"}


def _login_form(request: Request, settings: ConsoleSettingsDep, next_url: str, error: str | None,
                status_code: int = 200) -> Response:
    # A fresh anonymous session per form: its CSRF token protects the login post itself.
    session = StaffSession.new(staff=False)
    response = render(request, "login.html", {"next": safe_next(next_url), "error": error,
                                              "lock_after": settings.console_lock_after,
                                              "lock_minutes": settings.console_lock_minutes},
                      status_code=status_code, session=session)
    set_session_cookie(response, request, settings, session)
    return response


@router.get("/login")
def login_page(request: Request, settings: ConsoleSettingsDep, next: str = "") -> Response:
    if not console_enabled(settings):
        return disabled_page(request)
    session = read_session(request, settings)
    if session is not None and session.staff:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_form(request, settings, next, None)


@router.post("/login")
def login(request: Request, settings: ConsoleSettingsDep,
          token: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "") -> Response:
    if not console_enabled(settings):
        return disabled_page(request)
    session = read_session(request, settings)
    if session is None or not hmac.compare_digest(csrf_token.encode(), session.csrf.encode()):
        return render(request, "refused.html", {"reason": "csrf"}, status_code=403)
    throttle = login_throttle(request)
    client = client_address(request)
    wait = throttle.retry_after(client)
    if wait:
        # Refused before the token is even compared, so guesses during a delay teach nothing.
        response = _login_form(request, settings, next, "too_many_attempts", status_code=429)
        response.headers["Retry-After"] = str(wait)
        return response
    if not token_matches(settings, token):
        if token.strip():  # an empty form is no guess
            wait = throttle.failed(client)
        response = _login_form(request, settings, next, "wrong_token", status_code=401)
        if wait:
            response.headers["Retry-After"] = str(wait)
        return response
    throttle.succeeded(client)
    response = RedirectResponse(safe_next(next), status_code=303)
    session_id = console_sessions(request).start()
    set_session_cookie(response, request, settings,
                       StaffSession.new(staff=True, session_id=session_id))
    return response


@router.post("/logout")
def logout(request: Request, staff: StaffAction) -> Response:
    if staff.session_id:
        # Ends the session on the server: a copy of the cookie taken earlier is now worthless.
        console_sessions(request).end(staff.session_id)
    response = RedirectResponse("/admin/login", status_code=303)
    clear_session(response)
    return response


@router.get("/")
def overview(request: Request, staff: Staff, assistant: AssistantDep) -> Response:
    services = assistant.services
    return render(request, "overview.html", {
        "counts": services.reports.overview(), "organisations": services.organisations.count(),
        "mode": "LLM" if services.answer_mode == "llm" else "extractive"}, session=staff)


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    # A fixed list, so no path from the URL ever reaches the file system.
    if name not in STATIC_FILES:
        return Response(status_code=404)
    return FileResponse(HERE / "static" / name, media_type=STATIC_FILES[name])


@router.get("/jobs/{job_id}")
def job_status(request: Request, job_id: str, staff: Staff) -> Response:
    job = job_runner(request).get(job_id)
    if job is None:
        return JSONResponse({"error": "unknown job"}, status_code=404)
    return JSONResponse(job.as_dict())


# The page modules add their routes to the same router when imported.
from bot.console import (  # noqa: E402
    authoring,
    conversations,
    documents,
    evaluation,
    organisations,
    playground,
    programmes,
)

__all__ = ["router", "authoring", "conversations", "documents", "evaluation", "organisations",
           "playground", "programmes"]
