"""Bounded cost per request: a pool of its own for chat answers, request body size and time.

Chat answers are CPU-bound (embedding, retrieval) and may wait for a model; they run in
`ChatPool`, never in the threads that serve health checks, advisor requests and static files,
and only as many wait for a worker as LOTSE_CHAT_QUEUE allows (503 with Retry-After beyond).

`BodyLimitMiddleware` reads API bodies whole before the app sees them, within
LOTSE_BODY_TIMEOUT seconds and LOTSE_API_BODY_MAX_KB: a half-sent body gets 408 and its
connection closed, an oversized one 413, both in the visitor's language. Other paths (console
uploads) stream through with a size limit and an idle time-out per received chunk.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.i18n import normalise_language
from bot.web.errors import error_body
from bot.web.strings import language_from_header, web_text

log = logging.getLogger("lotse.web.limits")

T = TypeVar("T")

# Seconds a client is asked to wait when every chat worker and queue place is taken; answers
# take about a second, so a short wait usually finds a free place.
BUSY_RETRY_AFTER_SECONDS = 2
# Bodies of the Telegram webhook are updates from Telegram's servers, larger than a question.
TELEGRAM_BODY_MIN_BYTES = 1024 * 1024

LIMIT_STRINGS: dict[str, dict[str, str]] = {
    "busy": {
        "de": "Gerade fragen sehr viele Menschen gleichzeitig. Bitte versuchen Sie es in ein "
              "paar Sekunden noch einmal.",
        "en": "Many people are asking at the same time. Please try again in a few seconds.",
        "pl": "W tej chwili pyta bardzo wiele osób. Spróbuj ponownie za kilka sekund.",
        "cs": "Právě se ptá mnoho lidí najednou. Zkuste to prosím za několik sekund znovu.",
    },
    "request_too_large": {
        "de": "Die Anfrage ist zu groß (höchstens {limit_kb} KB).",
        "en": "The request is too large (at most {limit_kb} KB).",
        "pl": "Żądanie jest za duże (maksymalnie {limit_kb} KB).",
        "cs": "Požadavek je příliš velký (nejvýše {limit_kb} KB).",
    },
    "request_timeout": {
        "de": "Die Anfrage kam nicht vollständig an. Bitte senden Sie sie noch einmal.",
        "en": "The request did not arrive completely. Please send it again.",
        "pl": "Żądanie nie dotarło w całości. Proszę wysłać je ponownie.",
        "cs": "Požadavek nedorazil celý. Odešlete ho prosím znovu.",
    },
}


def limit_text(key: str, language: str, **values: object) -> str:
    text = web_text(key, language, LIMIT_STRINGS)
    return text.format(**values) if values else text


# -- the chat pool ------------------------------------------------------------------------------
class ChatBusy(Exception):
    """Every chat worker is busy and the queue is full."""


class ChatPool:
    """A fixed number of threads for chat answers and a bounded number of waiting answers."""

    def __init__(self, workers: int, queue: int) -> None:
        self.workers = max(1, workers)
        self.capacity = self.workers + max(0, queue)
        self._admitted = 0
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None

    @property
    def admitted(self) -> int:
        """Answers running or waiting for a worker."""
        with self._lock:
            return self._admitted

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Starts `fn(*args)` on a chat worker; raises ChatBusy when the queue is full."""
        with self._lock:
            if self._admitted >= self.capacity:
                raise ChatBusy()
            self._admitted += 1
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=self.workers,
                                                    thread_name_prefix="lotse-chat")
            executor = self._executor
        future = executor.submit(fn, *args)
        # Also called for a cancelled future (a client that left before its turn came).
        future.add_done_callback(self._release)
        return future

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.wrap_future(self.submit(fn, *args))

    def _release(self, _: Future[Any]) -> None:
        with self._lock:
            self._admitted -= 1

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


async def on_chat_busy(request: Request, exc: Exception) -> JSONResponse:
    language = getattr(request.state, "visitor_language", None) or _header_language(
        request.scope)
    return JSONResponse(error_body("busy", limit_text("busy", language), language),
                        status_code=503,
                        headers={"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)})


# -- request bodies -----------------------------------------------------------------------------
class BodyLimitMiddleware:
    """Size and time limits for request bodies (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, api_max_bytes: int, other_max_bytes: int,
                 timeout: float) -> None:
        self.app = app
        self.api_max_bytes = api_max_bytes
        self.other_max_bytes = other_max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        buffered = path.startswith("/api/") or path.startswith("/telegram/")
        limit = self.api_max_bytes if buffered else self.other_max_bytes
        if path.startswith("/telegram/"):
            limit = max(limit, TELEGRAM_BODY_MIN_BYTES)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, send, 413, "request_too_large", limit)
            return
        if buffered:
            await self._buffered(scope, receive, send, limit)
        else:
            await self._streamed(scope, receive, send, limit)

    async def _buffered(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        body = bytearray()
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0.0))
            except TimeoutError:
                log.info("request body not complete within %g s: 408", self.timeout)
                await _refuse(scope, send, 408, "request_timeout", limit)
                return
            if message["type"] == "http.disconnect":
                return  # the client left before sending everything: nothing to do, nothing stored
            body += message.get("body", b"")
            if len(body) > limit:
                await _refuse(scope, send, 413, "request_too_large", limit)
                return
            if not message.get("more_body", False):
                break
        whole: Message | None = {"type": "http.request", "body": bytes(body),
                                 "more_body": False}

        async def replay() -> Message:
            nonlocal whole
            if whole is not None:
                message, whole = whole, None
                return message
            return await receive()  # afterwards: wait for the disconnect, as the app expects

        await self.app(scope, replay, send)

    async def _streamed(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0
        body_done = False  # afterwards receive() only waits for a disconnect: no time-out
        started = False  # the app's response has begun: too late to refuse
        responded = False  # we refused; the app's own response is dropped

        async def guarded_receive() -> Message:
            nonlocal received, responded, body_done
            if responded:
                return {"type": "http.disconnect"}
            if body_done or started:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.timeout)
            except TimeoutError:
                responded = True
                await _refuse(scope, send, 408, "request_timeout", limit)
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > limit:
                    responded = True
                    await _refuse(scope, send, 413, "request_too_large", limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if responded:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except Exception:
            if not responded:
                raise
            # The app saw a disconnect because we refused the body; the refusal is the answer.


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _header_language(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            return normalise_language(language_from_header(value.decode("latin-1")))
    return normalise_language(None)


async def _refuse(scope: Scope, send: Send, status: int, error: str, limit: int) -> None:
    language = _header_language(scope)
    body = json.dumps(error_body(error, limit_text(error, language, limit_kb=limit // 1024),
                                 language), ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        # The rest of the body may still be on its way: this connection is not reusable.
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
