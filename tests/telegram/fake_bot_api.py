"""A local stand-in for Telegram's Bot API server, speaking its HTTP protocol.

The real python-telegram-bot client talks to it through TELEGRAM_API_BASE_URL. It serves
scripted updates through getUpdates (long polling), accepts what the bot sends, checks it the
way Telegram does (HTML that must parse, 4096-character limit, "message is not modified") and
records every call with its parameters so tests can assert on them.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_ID = 123
BOT_TOKEN = "123:ABC"
BOT_USERNAME = "lotse_test_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Lotse", "username": BOT_USERNAME,
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}

# What Telegram's HTML parse mode accepts.
_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                 "span", "tg-spoiler", "blockquote", "tg-emoji"}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+=\"[^\"]*\")*)\s*>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


# Parameters PTB sends JSON-encoded in form fields (everything else stays a string).
_JSON_PARAMS = {"reply_markup", "commands", "allowed_updates", "link_preview_options",
                "reply_parameters", "scope", "entities"}


class BotApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def parse_telegram_html(text: str) -> str:
    """The visible text of a Telegram HTML message, or BotApiError as Telegram would reply."""
    visible: list[str] = []
    stack: list[str] = []
    pos = 0
    for match in _TAG.finditer(text):
        visible.append(_plain(text[pos:match.start()], match.start()))
        closing, name = match.group(1), match.group(2).lower()
        if name not in _ALLOWED_TAGS:
            raise BotApiError(400, f"Bad Request: can't parse entities: unsupported start tag "
                                   f"\"{name}\" at byte offset {match.start()}")
        if closing:
            if not stack or stack[-1] != name:
                expected = stack[-1] if stack else name
                raise BotApiError(400, f"Bad Request: can't parse entities: can't find end tag "
                                       f"corresponding to start tag \"{expected}\"")
            stack.pop()
        else:
            if name == "a" and "href=" not in match.group(3):
                raise BotApiError(400, "Bad Request: can't parse entities: a without href")
            stack.append(name)
        pos = match.end()
    visible.append(_plain(text[pos:], pos))
    if stack:
        raise BotApiError(400, f"Bad Request: can't parse entities: can't find end tag "
                               f"corresponding to start tag \"{stack[-1]}\"")
    return "".join(visible)


def _plain(segment: str, offset: int) -> str:
    if "<" in segment or ">" in segment:
        raise BotApiError(400, f"Bad Request: can't parse entities: unexpected < or > near "
                               f"byte offset {offset}")
    for match in re.finditer(r"&", segment):
        if not _ENTITY.match(segment, match.start()):
            raise BotApiError(400, f"Bad Request: can't parse entities: unsupported entity "
                                   f"near byte offset {offset + match.start()}")
    return html.unescape(segment)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass
class SentMessage:
    chat_id: int
    message_id: int
    text: str  # as sent (HTML when parse_mode is HTML)
    reply_markup: Any = None


class FakeBotApi:
    """Run with `start()`; `url` is the value for TELEGRAM_API_BASE_URL."""

    def __init__(self, token: str = BOT_TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], SentMessage] = {}
        self.webhook: dict[str, Any] = {"url": "", "secret_token": None}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._chats: dict[int, dict[str, Any]] = {}
        self._failures: dict[str, list[BotApiError]] = {}
        self._lock = threading.Condition()
        self._closing = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeBotApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._closing = True
            self._lock.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # -- scripting ------------------------------------------------------------------------
    def push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates; returns it with its update_id."""
        with self._lock:
            update = {"update_id": next(self._update_ids), **payload}
            self._updates.append(update)
            self._remember_chats(update)
            self._lock.notify_all()
            return update

    def new_update_id(self) -> int:
        with self._lock:
            return next(self._update_ids)

    def fail_next(self, method: str, code: int = 400,
                  description: str = "Bad Request: injected failure") -> None:
        with self._lock:
            self._failures.setdefault(method, []).append(BotApiError(code, description))

    def mark(self) -> int:
        """A position in the call log; `wait_for(..., since=mark)` looks only after it."""
        with self._lock:
            return len(self.calls)

    def calls_of(self, method: str, since: int = 0,
                 where: Callable[[dict[str, Any]], bool] | None = None) -> list[Call]:
        with self._lock:
            found = [c for c in self.calls[since:] if c.method == method]
        return [c for c in found if where is None or where(c.params)]

    def wait_for(self, method: str, since: int = 0,
                 where: Callable[[dict[str, Any]], bool] | None = None,
                 count: int = 1, timeout: float = 15.0) -> list[Call]:
        """Poll the call log until `count` matching calls arrived (short sleeps, no fixed wait)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_of(method, since, where)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                seen = [(c.method, c.params) for c in self.calls[since:]]
                raise AssertionError(f"no {count}x {method} within {timeout}s; calls: {seen}")
            time.sleep(0.02)

    def chat_message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message the bot sent, as Telegram embeds it in a callback query."""
        sent = self.messages[(chat_id, message_id)]
        return {"message_id": message_id, "date": int(time.time()), "chat": self._chat(chat_id),
                "from": BOT_USER, "text": parse_telegram_html(sent.text)}

    # -- the protocol -----------------------------------------------------------------------
    def handle(self, method: str, params: dict[str, Any]) -> Any:
        with self._lock:
            self.calls.append(Call(method, params))
            failures = self._failures.get(method)
            if failures:
                raise failures.pop(0)
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            raise BotApiError(404, "Not Found")
        return handler(params)

    def api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    def api_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook["url"]:
            raise BotApiError(409, "Conflict: can't use getUpdates method while webhook is "
                                   "active; use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 30.0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._lock:
            # An offset confirms every update before it, as with Telegram.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            return list(self._updates[:limit])

    def api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        body = str(params.get("text", ""))
        self._check_text(body, params.get("parse_mode"))
        message_id = next(self._message_ids)
        with self._lock:
            self.messages[(chat_id, message_id)] = SentMessage(
                chat_id, message_id, body, params.get("reply_markup"))
        return self._message_dict(chat_id, message_id, body, params)

    def api_editMessageText(self, params: dict[str, Any]) -> Any:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        body = str(params.get("text", ""))
        self._check_text(body, params.get("parse_mode"))
        with self._lock:
            sent = self.messages.get((chat_id, message_id))
            if sent is None:
                raise BotApiError(400, "Bad Request: message to edit not found")
            markup = params.get("reply_markup")
            if sent.text == body and sent.reply_markup == markup:
                raise BotApiError(400, "Bad Request: message is not modified: specified new "
                                       "message content and reply markup are exactly the same")
            sent.text, sent.reply_markup = body, markup
        return self._message_dict(chat_id, message_id, body, params)

    def api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        with self._lock:
            sent = self.messages.get((chat_id, message_id))
            if sent is None:
                raise BotApiError(400, "Bad Request: message to edit not found")
            markup = params.get("reply_markup")
            if sent.reply_markup == markup:
                raise BotApiError(400, "Bad Request: message is not modified")
            sent.reply_markup = markup
            body = sent.text
        return self._message_dict(chat_id, message_id, body, params)

    def api_sendChatAction(self, params: dict[str, Any]) -> Any:
        return True

    def api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        return True

    def api_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands") or []
        if not commands or any(not re.fullmatch(r"[a-z0-9_]{1,32}", c["command"])
                               or not 1 <= len(c["description"]) <= 256 for c in commands):
            raise BotApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        return True

    def api_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    def api_setWebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url", ""))
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise BotApiError(400, "Bad Request: secret token contains unallowed characters")
        with self._lock:
            self.webhook = {"url": url, "secret_token": secret}
        return True

    def api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        with self._lock:
            self.webhook = {"url": "", "secret_token": None}
        return True

    def api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": self.webhook["url"], "has_custom_certificate": False,
                "pending_update_count": 0}

    def api_close(self, params: dict[str, Any]) -> Any:
        return True

    # -- internals --------------------------------------------------------------------------
    def _check_text(self, body: str, parse_mode: Any) -> None:
        visible = parse_telegram_html(body) if parse_mode == "HTML" else body
        if not visible.strip():
            raise BotApiError(400, "Bad Request: message text is empty")
        if utf16_length(visible) > 4096:
            raise BotApiError(400, "Bad Request: message is too long")

    def _remember_chats(self, update: dict[str, Any]) -> None:
        for key in ("message", "edited_message"):
            if key in update:
                chat = update[key]["chat"]
                self._chats[int(chat["id"])] = chat

    def _chat(self, chat_id: int) -> dict[str, Any]:
        return self._chats.get(chat_id, {"id": chat_id, "type": "private"})

    def _message_dict(self, chat_id: int, message_id: int, body: str,
                      params: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()),
                                   "chat": self._chat(chat_id), "from": BOT_USER, "text": body}
        if params.get("parse_mode") == "HTML":
            message["text"] = parse_telegram_html(body)
        # Like Telegram: a message carries only an inline keyboard; a forced reply or a reply
        # keyboard acts on the user's app and is not part of the message.
        if (params.get("reply_markup") or {}).get("inline_keyboard"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                self._dispatch()

            def do_GET(self) -> None:  # noqa: N802
                self._dispatch()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return  # quiet test output

            def _dispatch(self) -> None:
                match = re.fullmatch(r"/bot([^/]+)/(\w+)", self.path.split("?", 1)[0])
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if match is None:
                    return self._reply(404, {"ok": False, "error_code": 404,
                                             "description": "Not Found"})
                if match.group(1) != api.token:
                    return self._reply(401, {"ok": False, "error_code": 401,
                                             "description": "Unauthorized"})
                try:
                    params = _decode_params(raw, self.headers.get("Content-Type") or "")
                    result = api.handle(match.group(2), params)
                except BotApiError as exc:
                    return self._reply(exc.code, {"ok": False, "error_code": exc.code,
                                                  "description": exc.description})
                self._reply(200, {"ok": True, "result": result})

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on a long poll while stopping

        return Handler


def _decode_params(raw: bytes, content_type: str) -> dict[str, Any]:
    """Parameters as the Bot API reads them: JSON body or form fields with JSON-encoded values."""
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(raw)
    if content_type.startswith("multipart/form-data"):
        raise BotApiError(400, "Bad Request: file uploads are not supported by this fake")
    params: dict[str, Any] = {}
    for key, value in parse_qsl(raw.decode(), keep_blank_values=True):
        params[key] = json.loads(value) if key in _JSON_PARAMS else value
    return params
