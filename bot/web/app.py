"""The FastAPI application: chat API, widget, demo page, staff console, Telegram webhook."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.core.assistant import Assistant
from bot.i18n import t
from bot.web.errors import (
    ApiError,
    error_body,
    on_api_error,
    on_http_error,
    on_validation_error,
    request_language,
)
from bot.web.faults import install_fault_handlers
from bot.web.limits import BodyLimitMiddleware, ChatBusy, ChatPool, on_chat_busy
from bot.web.log_privacy import install_log_redaction
from bot.web.metrics import MetricsMiddleware, WebMetrics
from bot.web.ratelimit import RateLimited, on_rate_limited
from bot.web.routes import chat, contact, feedback, health, pages, sessions
from bot.web.routes.pages import STATIC_DIR
from bot.web.security_headers import SecurityHeadersMiddleware
from bot.web.settings import WebFaceSettings
from knowledge.settings import Settings

log = logging.getLogger("lotse.web")


def create_app(settings: WebFaceSettings, assistant: Assistant | None = None) -> FastAPI:
    """One app per process; the assistant (embedder, stores, engines) is built here once."""
    if not isinstance(settings, WebFaceSettings):
        # The core's settings lack the web's, console's and Telegram's variables; say so now
        # rather than with an AttributeError at the first request (docs/ARCHITECTURE.md).
        raise TypeError("create_app takes the application's settings (bot.settings.AppSettings),"
                        f" not {type(settings).__name__}")
    assistant = assistant if assistant is not None else Assistant(settings)
    metrics = WebMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        install_log_redaction()  # logging is configured by now (uvicorn, `lotse serve`)
        await asyncio.to_thread(_purge_old_conversations, assistant, settings)
        await asyncio.to_thread(assistant.warm_up)
        app.state.telegram = None
        if settings.telegram_bot_token:
            from bot.telegram.service import TelegramService

            service = TelegramService(settings, assistant)
            try:
                await service.start()
            except Exception:
                # The website and widget must keep working when Telegram is unreachable or
                # misconfigured; the log says why the bot is not running.
                log.exception("the Telegram bot could not start; serving without it")
            else:
                app.state.telegram = service
        try:
            yield
        finally:
            if app.state.telegram is not None:
                await app.state.telegram.stop()
                app.state.telegram = None
            app.state.chat_pool.shutdown()

    app = FastAPI(
        title="Lotse",
        summary="Multilingual assistant for SME support: funding, partners, institutions.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.assistant = assistant
    app.state.metrics = metrics
    app.state.telegram = None
    # Chat answers run here, apart from the threads serving health, contact and static files.
    app.state.chat_pool = ChatPool(settings.chat_workers, settings.chat_queue)

    app.add_exception_handler(RequestValidationError, on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(ApiError, on_api_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected_error)
    install_fault_handlers(app)  # store unavailable -> 503
    app.add_exception_handler(RateLimited, on_rate_limited)  # over a rate limit -> 429
    app.add_exception_handler(ChatBusy, on_chat_busy)  # every chat worker busy -> 503

    from bot.console.web import MAX_FILES_PER_UPLOAD

    # Innermost of the middlewares: its refusals still get CORS and security headers.
    app.add_middleware(BodyLimitMiddleware, api_max_bytes=settings.api_body_max_kb * 1024,
                       other_max_bytes=(settings.upload_max_mb * MAX_FILES_PER_UPLOAD + 1)
                       * 1024 * 1024, timeout=settings.body_timeout)

    if settings.origins:
        # Only the agency sites listed in LOTSE_ALLOWED_ORIGINS may call the API from a browser.
        app.add_middleware(CORSMiddleware, allow_origins=settings.origins,
                           allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Content-Type", "Accept-Language", "Idempotency-Key"],
                           max_age=600)
    app.add_middleware(SecurityHeadersMiddleware, demo_page=STATIC_DIR / "index.html")
    app.add_middleware(MetricsMiddleware, metrics=metrics)  # outermost: times everything

    for module in (chat, feedback, contact, sessions, health, pages):
        app.include_router(module.router)

    from bot.console.routes import router as console_router
    from bot.telegram.webhook import router as telegram_router

    app.include_router(console_router, prefix="/admin")
    app.include_router(telegram_router)
    _declare_body_errors(app)
    return app


# Answers every route with a request body can give before the route runs: a body that is not
# JSON text (400), sent too slowly (408) or too large (413), see bot.web.limits.
_BODY_ERRORS = {
    "400": "The body could not be read (not UTF-8 or not parseable).",
    "408": "The body did not arrive completely within LOTSE_BODY_TIMEOUT seconds.",
    "413": "The body is larger than LOTSE_API_BODY_MAX_KB.",
}


def _declare_body_errors(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if isinstance(operation, dict) and "requestBody" in operation:
                    for status, description in _BODY_ERRORS.items():
                        operation["responses"].setdefault(
                            status, {"description": description, "content": error})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _purge_old_conversations(assistant: Assistant, settings: Settings) -> None:
    # A retention of 0 days keeps records until they are erased by hand.
    purged = assistant.services.conversations.purge_expired(settings.retention_days,
                                                            settings.contact_retention_days)
    if purged.conversations or purged.contact_requests:
        log.info("retention: erased %d conversations and %d advisor requests",
                 purged.conversations, purged.contact_requests)


async def _on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes to the log; the visitor gets an apology in their language.
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    lang = request_language(request)
    body: dict[str, Any] = error_body("internal_error", t("error", lang), lang)
    return JSONResponse(body, status_code=500)
