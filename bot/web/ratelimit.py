"""Rate limits of the web API: per client address and per conversation.

The counters are the core's `RateLimiter` (bot/core/services/rate_limits.py): fixed windows in
the SQL store, so every uvicorn worker and every machine behind the load balancer counts
against the same limits.

Routes use the dependencies at the end (`chat_rate_limit`, `contact_rate_limit`,
`feedback_rate_limit`); a request over a limit is answered 429 with `Retry-After` and a
message in the visitor's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bot.core.services.rate_limits import Limit, RateLimiter
from bot.i18n import normalise_language
from bot.web.errors import error_body
from bot.web.faults import visitor_language
from bot.web.settings import WebSettings
from bot.web.strings import web_text

MINUTE = 60
HOUR = 3600


class RateLimited(Exception):
    """Raised by the dependencies below; `on_rate_limited` turns it into the 429."""

    def __init__(self, retry_after: int, language: str) -> None:
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = retry_after
        self.language = language


async def on_rate_limited(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimited)
    lang = exc.language
    return JSONResponse(error_body("rate_limited", web_text("rate_limited", lang), lang),
                        status_code=429, headers={"Retry-After": str(exc.retry_after)})


def client_address(request: Request) -> str:
    # uvicorn's proxy_headers put the forwarded address here for trusted proxies only, so a
    # client cannot pick a fresh address per request with its own X-Forwarded-For.
    return request.client.host if request.client else "unknown"


def limits_for(settings: WebSettings, resource: str) -> tuple[Limit, Limit]:
    """(per conversation, per client address) for chat, contact or feedback."""
    if resource == "chat":
        return (Limit("chat:session", settings.rate_chat_session_per_minute, MINUTE),
                Limit("chat:ip", settings.rate_chat_ip_per_minute, MINUTE))
    if resource == "contact":
        return (Limit("contact:session", settings.rate_contact_session_per_hour, HOUR),
                Limit("contact:ip", settings.rate_contact_ip_per_hour, HOUR))
    return (Limit("feedback:session", settings.rate_feedback_session_per_minute, MINUTE),
            Limit("feedback:ip", settings.rate_feedback_ip_per_minute, MINUTE))


def _rate_limiter(request: Request) -> RateLimiter:
    limiter = getattr(request.app.state, "rate_limiter", None)
    if limiter is None:
        limiter = request.app.state.assistant.services.rate_limiter()
        request.app.state.rate_limiter = limiter
    return limiter


async def _json_body(request: Request) -> dict[str, Any]:
    # Starlette caches the body, so the route still gets it; a body that is not a JSON
    # object is the validation handler's business, the address limit applies anyway.
    try:
        body = json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def _enforce(resource: str) -> Callable[[Request], Any]:
    async def enforce(request: Request) -> None:
        settings: WebSettings = request.app.state.settings
        conversations = request.app.state.assistant.services.conversations
        body = await _json_body(request)
        # Kept for the fault handler, which can no longer read the body if the store fails.
        request.state.visitor_body = body
        per_session, per_ip = limits_for(settings, resource)
        checks = [(per_ip, client_address(request))]
        session_id = body.get("session_id")
        session_id = session_id if isinstance(session_id, str) and session_id else None
        message_id = body.get("message_id")
        if session_id is None and isinstance(message_id, str) and message_id:
            # A rating names its message; the message's conversation is the one to count.
            session_id = await run_in_threadpool(conversations.session_of_message, message_id)
        if session_id:
            checks.append((per_session, session_id))
        # The counter update is a database write: off the event loop, like the routes.
        decision = await run_in_threadpool(_rate_limiter(request).hit, checks)
        if not decision.allowed:
            stated = body.get("language")
            known = None
            if session_id and not (isinstance(stated, str) and stated.strip()
                                   and stated.lower() != "auto"):
                known = await run_in_threadpool(conversations.language, session_id)
            language = normalise_language(known) if known else visitor_language(request)
            raise RateLimited(decision.retry_after, language)

    return enforce


# For a router's or route's `dependencies=[...]`.
chat_rate_limit = Depends(_enforce("chat"))
contact_rate_limit = Depends(_enforce("contact"))
feedback_rate_limit = Depends(_enforce("feedback"))
