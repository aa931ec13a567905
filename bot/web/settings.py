"""The web API's settings: bind address, allowed origins, rate limits, the chat worker pool and
the request body limits. They live with the face (docs/ARCHITECTURE.md, "Settings")."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

from bot.console.settings import ConsoleFaceSettings
from bot.telegram.settings import TelegramFaceSettings
from knowledge.settings import Settings


class WebSettings(BaseSettings):
    """The web variables alone, read from the environment and `.env` like the core's."""

    model_config = Settings.model_config

    allowed_origins: str = Field("", alias="LOTSE_ALLOWED_ORIGINS")
    host: str = Field("127.0.0.1", alias="LOTSE_HOST")
    port: int = Field(8000, alias="LOTSE_PORT")
    # Rate limits of the web API, counted in the SQL store so every worker shares them;
    # 0 switches one off.
    rate_chat_session_per_minute: int = Field(20, alias="LOTSE_RATE_CHAT_SESSION_PER_MINUTE")
    rate_chat_ip_per_minute: int = Field(60, alias="LOTSE_RATE_CHAT_IP_PER_MINUTE")
    rate_contact_session_per_hour: int = Field(3, alias="LOTSE_RATE_CONTACT_SESSION_PER_HOUR")
    rate_contact_ip_per_hour: int = Field(5, alias="LOTSE_RATE_CONTACT_IP_PER_HOUR")
    rate_feedback_session_per_minute: int = Field(30,
                                                  alias="LOTSE_RATE_FEEDBACK_SESSION_PER_MINUTE")
    rate_feedback_ip_per_minute: int = Field(30, alias="LOTSE_RATE_FEEDBACK_IP_PER_MINUTE")
    chat_workers: int = Field(8, alias="LOTSE_CHAT_WORKERS")
    chat_queue: int = Field(32, alias="LOTSE_CHAT_QUEUE")
    api_body_max_kb: int = Field(64, alias="LOTSE_API_BODY_MAX_KB")
    body_timeout: float = Field(10.0, alias="LOTSE_BODY_TIMEOUT")

    @property
    def origins(self) -> list[str]:
        return [o.strip() for o in self.allowed_origins.split(",") if o.strip()]


class WebFaceSettings(WebSettings, ConsoleFaceSettings, TelegramFaceSettings):
    """What the web app reads: the core's settings, its own, and the console's and Telegram's,
    because it mounts the console and starts the Telegram bot when a token is set."""
