"""Staff sessions of the console and the throttle on wrong admin tokens, in the database
(the console's cookie and secret handling is in bot/console/sessions.py).

- A staff session is a random id in the (signed) cookie and its SHA-256 in the database;
  logout deletes the row, so a copied cookie stops working at once.
- Wrong tokens are counted per client address in the database (shared by all workers). A
  few are free (typos); then each one closes the form for a growing delay (1 s, 2 s, 4 s...),
  and at `LOTSE_CONSOLE_LOCK_AFTER` the address is locked for `LOTSE_CONSOLE_LOCK_MINUTES`;
  every further wrong token locks it again, until it has been quiet that long.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete

from knowledge.db import ConsoleLoginFailure, ConsoleSessionRecord, Database, utcnow

# Wrong tokens from one address before the delays start: a typo or two costs nothing.
FREE_ATTEMPTS = 3


def _hashed(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class StaffSessions:
    """Staff sessions in the database; a cookie is only as good as its row."""

    def __init__(self, db: Database, lifetime: timedelta,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.lifetime = lifetime
        self.clock = clock

    def start(self) -> str:
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        with self.db.session() as s:
            s.execute(delete(ConsoleSessionRecord).where(ConsoleSessionRecord.expires_at < now))
            s.add(ConsoleSessionRecord(id_hash=_hashed(session_id), created_at=now,
                                       expires_at=now + self.lifetime))
        return session_id

    def valid(self, session_id: str) -> bool:
        with self.db.session() as s:
            record = s.get(ConsoleSessionRecord, _hashed(session_id))
            return record is not None and record.expires_at > self.clock()

    def end(self, session_id: str) -> None:
        with self.db.session() as s:
            s.execute(delete(ConsoleSessionRecord)
                      .where(ConsoleSessionRecord.id_hash == _hashed(session_id)))


class LoginThrottle:
    """Growing delays, then a lock, for wrong admin tokens from one client address."""

    def __init__(self, db: Database, lock_after: int, lock_minutes: int,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.lock_after = max(lock_after, 1)
        self.lock = timedelta(minutes=max(lock_minutes, 1))
        self.clock = clock

    def delay_after(self, failures: int) -> timedelta:
        """How long the form stays closed after the given number of wrong tokens in a row."""
        if failures >= self.lock_after:
            return self.lock
        if failures <= FREE_ATTEMPTS:
            return timedelta(0)
        return min(timedelta(seconds=2 ** (failures - FREE_ATTEMPTS - 1)), self.lock)

    def retry_after(self, client: str) -> int:
        """Seconds until this address may try a token again; 0 when it may now."""
        with self.db.session() as s:
            record = s.get(ConsoleLoginFailure, client[:64])
            if record is None:
                return 0
            wait = (record.blocked_until - self.clock()).total_seconds()
        return max(math.ceil(wait), 0)

    def failed(self, client: str) -> int:
        """Count one wrong token; the seconds until the next attempt is allowed."""
        now = self.clock()
        with self.db.session() as s:
            # Insert-if-missing first: it takes the write lock (SQLite) or the row lock
            # (PostgreSQL), so two wrong tokens at once both count.
            s.execute(self.db.insert(ConsoleLoginFailure).values(
                client=client[:64], failures=0, last_failure_at=now, blocked_until=now,
            ).on_conflict_do_nothing(index_elements=["client"]))
            record = s.get(ConsoleLoginFailure, client[:64], with_for_update=True,
                           populate_existing=True)
            assert record is not None
            if now - record.blocked_until > self.lock:
                # Quiet for as long as a lock since the form reopened: old mistakes are
                # forgiven. Right after a lock ends, the next wrong token locks again.
                record.failures = 0
            record.failures += 1
            record.last_failure_at = now
            record.blocked_until = now + self.delay_after(record.failures)
            wait = (record.blocked_until - now).total_seconds()
        return math.ceil(wait)

    def succeeded(self, client: str) -> None:
        with self.db.session() as s:
            s.execute(delete(ConsoleLoginFailure)
                      .where(ConsoleLoginFailure.client == client[:64]))
