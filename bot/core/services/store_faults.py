"""Which exceptions mean "a store failed", and which of those mean "unavailable, retry later".

A face answers the first kind with an honest error instead of a crash, and the second kind with
"try again shortly" (the web API: 503 with Retry-After). Every write is one transaction, so a
request that failed this way stored nothing and can simply be sent again.
"""

from __future__ import annotations

import sqlite3

import httpx
from sqlalchemy import exc as sa_exc

from knowledge.db import store_unavailable as database_unavailable

# Errors a store raises. httpx transport errors come from a Chroma server that cannot be
# reached; sqlite3's from Chroma's embedded SQLite.
STORE_ERRORS: tuple[type[Exception], ...] = (
    sa_exc.DBAPIError, sa_exc.TimeoutError, sa_exc.DisconnectionError, sqlite3.Error,
    httpx.TransportError)


def store_unavailable(exc: BaseException) -> bool:
    """Whether a store error is an outage (a lock, a full disk, a restarting server), as
    opposed to a bug or a bad request."""
    return isinstance(exc, httpx.TransportError) or database_unavailable(exc)
