"""The staff console's settings: the admin token, the session-signing secret and the lock-out
after wrong tokens. They live with the face (docs/ARCHITECTURE.md, "Settings")."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from knowledge.settings import Settings


class ConsoleSettings(BaseSettings):
    """The console variables alone, read from the environment and `.env` like the core's."""

    model_config = Settings.model_config

    admin_token: SecretStr | None = Field(None, alias="LOTSE_ADMIN_TOKEN")
    session_secret: SecretStr | None = Field(None, alias="LOTSE_SESSION_SECRET")
    # Wrong console tokens from one address before it is locked out, and for how long.
    console_lock_after: int = Field(10, alias="LOTSE_CONSOLE_LOCK_AFTER")
    console_lock_minutes: int = Field(15, alias="LOTSE_CONSOLE_LOCK_MINUTES")


class ConsoleFaceSettings(ConsoleSettings, Settings):
    """What the console reads: the core's settings (data directory, upload size) and its own."""

