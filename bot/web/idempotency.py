"""Advisor requests made idempotent by a key the client sends (`Idempotency-Key` header).

The widget sends one key per form submission and the same key when it retries, so a retry after
a client-side time-out returns the row the first attempt stored instead of storing a second.
Keys live in this process for a day; behind several workers a retry that reaches another worker
is stored again (a unique key column in the contact table would close that: see
docs/RELIABILITY.md).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

KEY_PATTERN = r"^[A-Za-z0-9_\-]{8,128}$"
KEEP_SECONDS = 24 * 3600
MAX_KEYS = 10_000


@dataclass
class _Entry:
    fingerprint: str
    stored_at: float
    response: dict[str, Any] | None = None  # None while the first request is being stored


Outcome = Literal["new", "replay", "in_progress", "mismatch"]


def fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class IdempotencyKeys:
    def __init__(self, keep_seconds: float = KEEP_SECONDS, max_keys: int = MAX_KEYS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.keep_seconds = keep_seconds
        self.max_keys = max_keys
        self.clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def begin(self, key: str, print_: str) -> tuple[Outcome, dict[str, Any] | None]:
        """What to do with a request carrying `key`: store it ("new"), answer what the first
        one got ("replay"), or refuse ("in_progress": the first is still being stored;
        "mismatch": the key was used for a different request)."""
        now = self.clock()
        with self._lock:
            self._expire(now)
            entry = self._entries.get(key)
            if entry is None:
                self._entries[key] = _Entry(print_, now)
                while len(self._entries) > self.max_keys:
                    self._entries.popitem(last=False)
                return "new", None
            if entry.fingerprint != print_:
                return "mismatch", None
            if entry.response is None:
                return "in_progress", None
            return "replay", entry.response

    def finish(self, key: str, response: dict[str, Any]) -> None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                entry.response = response

    def abandon(self, key: str) -> None:
        """The first request stored nothing (an error): a retry may try again."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.response is None:
                del self._entries[key]

    def _expire(self, now: float) -> None:
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if now - entry.stored_at < self.keep_seconds:
                return
            del self._entries[key]
