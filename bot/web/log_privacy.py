"""Session ids never reach a log: a logging filter replaces them with a short hash.

A web session id is the only credential `DELETE /api/sessions/{id}` asks for, so a log line
with one is a way to erase (or read, in the console) someone else's conversation. The hash
still lets an operator follow one conversation through the log.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.core.services.conversations import short_hash

# Ids made by new_id("s") (bot/conversations.py); and whatever stands in an erasure path.
_SESSION_ID = re.compile(r"(?<![A-Za-z0-9_-])s_[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])")
_ERASURE_PATH = re.compile(r"(/api/sessions/)([^/?#\s\"']+)")

# uvicorn's own loggers do not propagate to the root logger's handlers.
UVICORN_LOGGERS = ("uvicorn.access", "uvicorn.error")


def redact(text: str) -> str:
    text = _ERASURE_PATH.sub(
        lambda m: m.group(1) + (m.group(2) if m.group(2).startswith("s#")
                                else "s" + short_hash(m.group(2))), text)
    return _SESSION_ID.sub(lambda m: "s" + short_hash(m.group(0)), text)


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, int | float | bool) or value is None:
        return value  # may be formatted with %d or %f, and carries no id
    # URLs and other objects (httpx logs an httpx.URL): their text, only when it had an id.
    shown = str(value)
    cleaned = redact(shown)
    return cleaned if cleaned != shown else value


class SessionIdFilter(logging.Filter):
    """Rewrites a record's message and arguments in place; never drops a record.

    The arguments keep their shape because formatters such as uvicorn's access formatter
    unpack them by position."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redacted(arg) for key, arg in record.args.items()}
        return True


def install_log_redaction() -> None:
    """Filter every root handler and uvicorn's loggers; safe to call more than once.

    Call it after logging is configured (handlers added later are not covered)."""
    targets: list[logging.Filterer] = [*logging.getLogger().handlers]
    targets += [logging.getLogger(name) for name in UVICORN_LOGGERS]
    for target in targets:
        if not any(isinstance(f, SessionIdFilter) for f in target.filters):
            target.addFilter(SessionIdFilter())
