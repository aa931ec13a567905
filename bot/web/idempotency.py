"""Advisor requests made idempotent by a key the client sends (`Idempotency-Key` header).

The widget sends one key per form submission and the same key when it retries, so a retry after
a client-side time-out returns the request the first attempt stored instead of storing a second.
The key is kept in the SQL store, as a hash in the request's own row (`client_key`, unique):
every web worker sees it, it survives restarts, and it is erased with the request. There is no
in-process map in front of it: a replay is one indexed lookup, and a map per worker could only
answer the retries that happen to reach the same worker.
"""

from __future__ import annotations

import hashlib

KEY_PATTERN = r"^[A-Za-z0-9_\-]{8,128}$"


def client_key(idempotency_key: str) -> str:
    """What the store keeps of the header: its sha256, so a database dump does not hand out
    keys that would fetch someone's request id."""
    return hashlib.sha256(idempotency_key.encode()).hexdigest()
