"""Errors as JSON with a readable message in the visitor's language where we know it."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.i18n import normalise_language
from bot.web.strings import language_from_header, problem_text, web_text


class ApiError(Exception):
    """An expected failure a route reports to the visitor (unknown message, missing consent)."""

    def __init__(self, status_code: int, error: str, language: str | None) -> None:
        super().__init__(error)
        self.status_code = status_code
        self.error = error
        self.language = language


def request_language(request: Request, body: Any = None) -> str:
    """The language of a request: its own `language` field, else the browser's."""
    if isinstance(body, dict):
        stated = body.get("language")
        if isinstance(stated, str) and stated.strip() and stated.lower() != "auto":
            return normalise_language(stated)
    return normalise_language(language_from_header(request.headers.get("accept-language")))


def error_body(error: str, message: str, language: str,
               details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": error, "message": message, "language": language, "details": details or []}


async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    lang = request_language(request, exc.body)
    details: list[dict[str, Any]] = []
    problems: list[str] = []
    for err in exc.errors():
        # loc is ("body", "field", ...); the visitor cares about the field, not the envelope.
        field = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        if err.get("type") == "json_invalid":
            field = ""  # its loc is a character position, not a field
        text = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        details.append({"field": field or "body", "problem": text})
        # The message is for people: in their language; details keep pydantic's exact words.
        shown = problem_text(str(err.get("type", "")), err.get("ctx"), lang) or text
        problems.append(f"{field}: {shown}" if field else shown)
    message = f"{web_text('invalid_request', lang)} ({'; '.join(problems)})"
    return JSONResponse(error_body("validation_error", message, lang, details), status_code=422)


async def on_api_error(request: Request, exc: ApiError) -> JSONResponse:
    lang = normalise_language(exc.language) if exc.language else request_language(request)
    return JSONResponse(error_body(exc.error, web_text(exc.error, lang), lang),
                        status_code=exc.status_code)


async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code in (204, 304):  # these may not carry a body
        return Response(status_code=exc.status_code, headers=getattr(exc, "headers", None))
    lang = request_language(request)
    if exc.status_code == 404:
        message = web_text("not_found", lang)
    else:
        message = str(exc.detail)
    # "detail" stays as FastAPI's default handler has it, for clients that read that key.
    body = error_body(f"http_{exc.status_code}", message, lang) | {"detail": exc.detail}
    return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))
