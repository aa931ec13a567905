"""Store faults answered honestly: an unavailable database or vector store is a 503 with
`Retry-After` and a message in the visitor's language, not a generic 500.

Every write is one transaction (`Database.session`), so a request that fails this way has
stored nothing; the visitor can simply send it again once the store is back.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from bot.core.services.store_faults import STORE_ERRORS, store_unavailable
from bot.i18n import normalise_language, t
from bot.web.errors import error_body, request_language
from bot.web.strings import web_text
from knowledge.language import detect_language

log = logging.getLogger("lotse.web.faults")

# Long enough for a lock or a restart to pass, short enough that a retry soon succeeds.
RETRY_AFTER_SECONDS = 5


def unavailable_response(language: str) -> JSONResponse:
    return JSONResponse(error_body("unavailable", web_text("unavailable", language), language),
                        status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def visitor_language(request: Request) -> str:
    """The request's `language`, else the language its question is written in, else the
    browser's. The body was kept by the rate-limit dependency before any store was touched."""
    body = getattr(request.state, "visitor_body", None)
    stated = body.get("language") if isinstance(body, dict) else None
    if isinstance(stated, str) and stated.strip() and stated.lower() != "auto":
        return request_language(request, body)
    question = body.get("question") if isinstance(body, dict) else None
    if isinstance(question, str) and question.strip():
        # Only on this rare path: detecting costs a little CPU on every failed chat.
        detected = detect_language(question[:2000])
        if detected:
            return normalise_language(detected)
    return request_language(request)


async def on_store_error(request: Request, exc: Exception) -> JSONResponse:
    lang = visitor_language(request)
    if store_unavailable(exc):
        # Expected while it lasts (a lock, a full disk, a restarting server): one line, no trace.
        log.warning("store unavailable on %s %s: %s", request.method, request.url.path,
                    str(exc).splitlines()[0][:200])
        return unavailable_response(lang)
    log.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(error_body("internal_error", t("error", lang), lang), status_code=500)


def install_fault_handlers(app: FastAPI) -> None:
    for error in STORE_ERRORS:
        app.add_exception_handler(error, on_store_error)
