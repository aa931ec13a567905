"""A local server that speaks the OpenAI chat-completions protocol, for tests.

The production client (LangChain's ChatOpenAI over the `openai` package) is pointed at it through
`OPENAI_BASE_URL` and talks to it unchanged. Replies are scripted in order; every request is
recorded so a test can check what the model would have been shown.

    with FakeOpenAIServer() as fake:
        fake.add(Reply.text("Lead partner is WFS [1]."))
        settings = make_settings(data_dir, OPENAI_BASE_URL=fake.url, OPENAI_API_KEY="test")
        ...
        assert "<source" in fake.chat_requests[0].system_text

Supported: `POST /v1/chat/completions` as JSON or SSE stream (`"stream": true`), tool calls,
error statuses with headers (429 + Retry-After), a reply that hangs longer than the client's
timeout, a stream that stalls half-way; `GET /v1/models`.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class ToolCall:
    name: str
    arguments: str  # raw JSON text, so a test can send malformed arguments on purpose
    id: str = ""


@dataclass
class Reply:
    """One scripted answer of the fake model (or an error the server returns instead)."""

    status: int = 200
    content: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    error_message: str = ""
    delay: float = 0.0  # seconds before anything is sent: longer than the timeout = a hang
    chunks: list[str] | None = None  # how the content is split when streamed
    stall_after: int | None = None  # streamed chunks sent before the stream stalls
    stall_seconds: float = 0.0

    @classmethod
    def text(cls, content: str, *, chunks: list[str] | None = None) -> Reply:
        return cls(content=content, chunks=chunks)

    @classmethod
    def tool_call(cls, name: str, arguments: dict[str, Any] | str, *,
                  call_id: str = "call_1") -> Reply:
        raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
        return cls(tool_calls=[ToolCall(name, raw, call_id)])

    @classmethod
    def error(cls, status: int, message: str = "scripted error", *,
              retry_after: float | None = None) -> Reply:
        headers = {} if retry_after is None else {"Retry-After": _number(retry_after)}
        return cls(status=status, error_message=message, headers=headers)

    @classmethod
    def hang(cls, seconds: float) -> Reply:
        return cls(content="(too late)", delay=seconds)

    @classmethod
    def stalled_stream(cls, content: str, *, after_chunks: int, seconds: float) -> Reply:
        return cls(content=content, stall_after=after_chunks, stall_seconds=seconds)


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def tool_names(self) -> list[str]:
        return [t["function"]["name"] for t in self.body.get("tools", [])]

    @property
    def system_text(self) -> str:
        return "\n".join(_text(m) for m in self.messages if m.get("role") == "system")

    @property
    def user_texts(self) -> list[str]:
        return [_text(m) for m in self.messages if m.get("role") == "user"]

    @property
    def tool_results(self) -> list[str]:
        return [_text(m) for m in self.messages if m.get("role") == "tool"]

    @property
    def all_text(self) -> str:
        return "\n".join(_text(m) for m in self.messages)


class FakeOpenAIServer:
    """Runs in a background thread on 127.0.0.1 with a free port; use as a context manager."""

    def __init__(self, *, model: str = "fake-model",
                 responder: Callable[[RecordedRequest], Reply] | None = None) -> None:
        self.model = model
        # Used when the scripted queue is empty; without one the server answers 500 so a
        # test that forgot to script a reply fails loudly.
        self.responder = responder
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> FakeOpenAIServer:
        handler = _handler_for(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers that are hanging on purpose
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the server first"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The base URL an OpenAI client expects (ends in /v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting ----------------------------------------------------------------------------
    def add(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.requests.clear()

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        if self.responder is not None:
            return self.responder(request)
        return Reply.error(500, "the fake server has no scripted reply left")


def unused_url() -> str:
    """A base URL where nothing listens: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


# -- protocol ---------------------------------------------------------------------------------
def _handler_for(fake: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.0: every response ends when the connection closes, which is also how an SSE
        # stream ends; the client does not need keep-alive here.
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # keep test output clean

        def do_GET(self) -> None:  # noqa: N802
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [
                    {"id": fake.model, "object": "model", "created": 0, "owned_by": "fake"}]})
            else:
                self._json(404, {"error": {"message": "not found", "type": "invalid_request"}})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                self._json(400, {"error": {"message": "invalid JSON", "type": "invalid_request"}})
                return
            request = RecordedRequest("POST", self.path, dict(self.headers.items()), body)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": "not found", "type": "invalid_request"}})
                return
            reply = fake._next_reply(request)
            if reply.delay and fake._stopping.wait(reply.delay):
                return
            try:
                if reply.status != 200:
                    self._json(reply.status, {"error": {
                        "message": reply.error_message, "type": _error_type(reply.status),
                        "code": None}}, reply.headers)
                elif request.stream:
                    self._stream(reply, body)
                else:
                    self._json(200, _completion(reply, fake.model), reply.headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout); nothing left to do

        def _json(self, status: int, payload: dict[str, Any],
                  headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, reply: Reply, body: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            for n, chunk in enumerate(_stream_chunks(reply, fake.model)):
                if reply.stall_after is not None and n == reply.stall_after:
                    if fake._stopping.wait(reply.stall_seconds):
                        return
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            if (body.get("stream_options") or {}).get("include_usage"):
                usage = _chunk(fake.model, None, None) | {"choices": [], "usage": _usage()}
                self.wfile.write(f"data: {json.dumps(usage)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


def _completion(reply: Reply, model: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    if reply.tool_calls:
        message["tool_calls"] = [
            {"id": call.id or f"call_{n}", "type": "function",
             "function": {"name": call.name, "arguments": call.arguments}}
            for n, call in enumerate(reply.tool_calls, 1)]
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": message, "logprobs": None,
                         "finish_reason": "tool_calls" if reply.tool_calls else "stop"}],
            "usage": _usage()}


def _stream_chunks(reply: Reply, model: str) -> Iterator[dict[str, Any]]:
    yield _chunk(model, {"role": "assistant", "content": ""}, None)
    if reply.content:
        pieces = reply.chunks or re.findall(r"\S+\s*|\s+", reply.content)
        for piece in pieces:
            yield _chunk(model, {"content": piece}, None)
    for index, call in enumerate(reply.tool_calls):
        yield _chunk(model, {"tool_calls": [{
            "index": index, "id": call.id or f"call_{index + 1}", "type": "function",
            "function": {"name": call.name, "arguments": ""}}]}, None)
        # Arguments arrive in pieces, as real servers send them.
        for start in range(0, len(call.arguments), 8):
            yield _chunk(model, {"tool_calls": [{
                "index": index, "function": {"arguments": call.arguments[start:start + 8]}}]},
                None)
    yield _chunk(model, {}, "tool_calls" if reply.tool_calls else "stop")


def _chunk(model: str, delta: dict[str, Any] | None, finish: str | None) -> dict[str, Any]:
    return {"id": "chatcmpl-fake", "object": "chat.completion.chunk",
            "created": int(time.time()), "model": model,
            "choices": [] if delta is None else [
                {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}


def _usage() -> dict[str, int]:
    return {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}


def _error_type(status: int) -> str:
    return {400: "invalid_request_error", 401: "authentication_error",
            429: "rate_limit_error"}.get(status, "server_error")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):  # content parts
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content or ""
