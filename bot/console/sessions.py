"""Console login state on the server: the cookie-signing secret, staff sessions that logout
really ends, and the per-address throttle on wrong admin tokens.

- The secret that signs console cookies is `LOTSE_SESSION_SECRET`, or else a random one made
  once per installation and kept in the data directory (mode 0600). It is never derived
  from the admin token: a cookie must not be a way to test token guesses offline.
- Staff sessions (a random id in the signed cookie, its SHA-256 in the database, so logout
  really ends them) and the per-address throttle on wrong tokens are stored by the core
  service `bot.core.services.staff_logins`. Refusals are immediate 429 answers with
  Retry-After: no worker thread ever sleeps.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from bot.console.settings import ConsoleFaceSettings

SECRET_FILE = "console-session-secret"


def installation_secret(data_dir: Path) -> str:
    """The random signing secret of this installation, created on first use.

    Several workers may start at once: the secret is written to a private temporary file
    and linked into place, so exactly one wins and every worker reads the same value."""
    path = data_dir / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    temporary = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker was first; its secret is the one
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_text(encoding="ascii").strip()


@lru_cache(maxsize=16)
def _installation_secret_of(data_dir: str) -> str:
    # Read once per process: every console request signs or checks a cookie.
    return installation_secret(Path(data_dir))


def signing_secret(settings: ConsoleFaceSettings) -> str:
    if settings.session_secret and settings.session_secret.get_secret_value().strip():
        return settings.session_secret.get_secret_value().strip()
    return _installation_secret_of(str(settings.data_dir.resolve()))
