"""Fixed-window rate-limit counters in the SQL store, shared by every worker.

The counters live in the `rate_limit_counters` table, so every uvicorn worker (and every
machine behind the load balancer) counts against the same limits. One hit is one atomic
`INSERT ... ON CONFLICT DO UPDATE` on SQLite and PostgreSQL alike. Which limits apply to
which request is the web face's business (bot/web/ratelimit.py).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete

from knowledge.db import Database, RateLimitCounter

# How often at most the ended windows are cleared, in seconds.
MINUTE = 60


@dataclass(frozen=True)
class Limit:
    """At most `count` requests per `window` seconds for one key; count 0 means no limit."""

    name: str
    count: int
    window: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds until the window that refused the request ends


class RateLimiter:
    """Counts hits per key and window in the database shared by all workers."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        # The clock is a parameter so tests can pin a window; production uses wall time.
        self.db = db
        self.clock = clock
        self._next_cleanup = 0.0

    def hit(self, checks: list[tuple[Limit, str]]) -> Decision:
        """Count one request against every (limit, key) pair; refused when any is exceeded.

        All counters move in one transaction, so a refused request still counts (a client
        hammering past its limit does not get a fresh allowance from the others)."""
        now = self.clock()
        refused_for = 0
        with self.db.session() as s:
            for limit, key in checks:
                if limit.count <= 0:
                    continue
                window_start = int(now // limit.window) * limit.window
                expires_at = window_start + limit.window
                stmt = self.db.insert(RateLimitCounter).values(
                    key=counter_key(limit, key), window_start=window_start, count=1,
                    expires_at=expires_at)
                stmt = stmt.on_conflict_do_update(
                    index_elements=["key", "window_start"],
                    set_={"count": RateLimitCounter.count + 1},
                ).returning(RateLimitCounter.count)
                count = int(s.execute(stmt).scalar_one())
                if count > limit.count:
                    refused_for = max(refused_for, math.ceil(expires_at - now))
            if now >= self._next_cleanup:
                # Windows that ended are of no use; clearing them now and then keeps the
                # table as small as the number of active clients.
                s.execute(delete(RateLimitCounter).where(RateLimitCounter.expires_at < now))
                self._next_cleanup = now + MINUTE
        if refused_for:
            return Decision(allowed=False, retry_after=max(refused_for, 1))
        return Decision(allowed=True)


def counter_key(limit: Limit, key: str) -> str:
    # Hashed: the table then holds neither session ids (the credential that erases a
    # conversation) nor client addresses.
    return f"{limit.name}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
