"""The Telegram face's settings: the bot token, the Bot API address, the webhook and the
per-chat rate limit. They live with the face (docs/ARCHITECTURE.md, "Settings"); the core's
`knowledge.settings.Settings` knows nothing of Telegram."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from knowledge.settings import Settings


class TelegramSettings(BaseSettings):
    """The Telegram variables alone, read from the environment and `.env` like the core's."""

    model_config = Settings.model_config

    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field("https://api.telegram.org", alias="TELEGRAM_API_BASE_URL")
    telegram_webhook_url: str | None = Field(None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: SecretStr | None = Field(None, alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_rate_limit: int = Field(20, alias="LOTSE_TELEGRAM_RATE_LIMIT")


class TelegramFaceSettings(TelegramSettings, Settings):
    """What the Telegram face reads: the core's settings (data directory, logging) and its own.
    The process entry points build `bot.settings.AppSettings`, which is one of these."""
