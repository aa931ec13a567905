"""One settings object for the whole application (environment variables and `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every variable is listed with its default in `.env.example`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(Path("./data"), alias="LOTSE_DATA_DIR")
    embeddings: Literal["local", "openai"] = Field("local", alias="LOTSE_EMBEDDINGS")
    embeddings_model: str = Field("text-embedding-3-small", alias="LOTSE_EMBEDDINGS_MODEL")
    embeddings_base_url: str | None = Field(None, alias="LOTSE_EMBEDDINGS_BASE_URL")
    answer_mode: Literal["auto", "llm", "extractive"] = Field("auto", alias="LOTSE_ANSWER_MODE")
    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    llm_model: str = Field("gpt-4o-mini", alias="LOTSE_LLM_MODEL")
    llm_temperature: float = Field(0.2, alias="LOTSE_LLM_TEMPERATURE")
    llm_timeout: float = Field(30.0, alias="LOTSE_LLM_TIMEOUT")
    llm_max_retries: int = Field(2, alias="LOTSE_LLM_MAX_RETRIES")
    llm_history_tokens: int = Field(2000, alias="LOTSE_LLM_HISTORY_TOKENS")
    # One budget per turn across rewrite, retries and the answer (docs/RELIABILITY.md).
    llm_turn_budget: float = Field(15.0, alias="LOTSE_LLM_TURN_BUDGET")
    llm_breaker_failures: int = Field(5, alias="LOTSE_LLM_BREAKER_FAILURES")
    llm_breaker_cooldown: float = Field(30.0, alias="LOTSE_LLM_BREAKER_COOLDOWN")
    # Who reads a question's places, trades and intent: "model" (one tool call, the offline
    # analyser on any failure), "offline", or "auto" (the model whenever answers use one).
    query_analyser: Literal["auto", "model", "offline"] = Field(
        "auto", alias="LOTSE_QUERY_ANALYSER")
    query_analysis_timeout: float = Field(8.0, alias="LOTSE_QUERY_ANALYSIS_TIMEOUT")
    question_max_tokens: int = Field(256, alias="LOTSE_QUESTION_MAX_TOKENS")
    database_url: str | None = Field(None, alias="DATABASE_URL")
    chroma_url: str | None = Field(None, alias="CHROMA_URL")
    hybrid_search: bool = Field(True, alias="LOTSE_HYBRID_SEARCH")
    answer_threshold: float = Field(0.80, alias="LOTSE_ANSWER_THRESHOLD")
    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field("https://api.telegram.org", alias="TELEGRAM_API_BASE_URL")
    telegram_webhook_url: str | None = Field(None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: SecretStr | None = Field(None, alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_rate_limit: int = Field(20, alias="LOTSE_TELEGRAM_RATE_LIMIT")
    admin_token: SecretStr | None = Field(None, alias="LOTSE_ADMIN_TOKEN")
    session_secret: SecretStr | None = Field(None, alias="LOTSE_SESSION_SECRET")
    allowed_origins: str = Field("", alias="LOTSE_ALLOWED_ORIGINS")
    host: str = Field("127.0.0.1", alias="LOTSE_HOST")
    port: int = Field(8000, alias="LOTSE_PORT")
    retention_days: int = Field(90, alias="LOTSE_RETENTION_DAYS")
    # Advisor requests are kept this long; empty means as long as conversations.
    contact_retention_days: int | None = Field(None, alias="LOTSE_CONTACT_RETENTION_DAYS")
    # Rate limits of the web API, counted in the SQL store so every worker shares them;
    # 0 switches one off.
    rate_chat_session_per_minute: int = Field(20, alias="LOTSE_RATE_CHAT_SESSION_PER_MINUTE")
    rate_chat_ip_per_minute: int = Field(60, alias="LOTSE_RATE_CHAT_IP_PER_MINUTE")
    rate_contact_session_per_hour: int = Field(3, alias="LOTSE_RATE_CONTACT_SESSION_PER_HOUR")
    rate_contact_ip_per_hour: int = Field(5, alias="LOTSE_RATE_CONTACT_IP_PER_HOUR")
    rate_feedback_session_per_minute: int = Field(30,
                                                  alias="LOTSE_RATE_FEEDBACK_SESSION_PER_MINUTE")
    rate_feedback_ip_per_minute: int = Field(30, alias="LOTSE_RATE_FEEDBACK_IP_PER_MINUTE")
    # Wrong console tokens from one address before it is locked out, and for how long.
    console_lock_after: int = Field(10, alias="LOTSE_CONSOLE_LOCK_AFTER")
    console_lock_minutes: int = Field(15, alias="LOTSE_CONSOLE_LOCK_MINUTES")
    # How long a SQLite writer waits for another before the request fails with a 503.
    db_busy_timeout_ms: int = Field(5000, alias="LOTSE_DB_BUSY_TIMEOUT_MS")
    log_message_text: bool = Field(False, alias="LOTSE_LOG_MESSAGE_TEXT")
    upload_max_mb: int = Field(20, alias="LOTSE_UPLOAD_MAX_MB")
    chat_workers: int = Field(8, alias="LOTSE_CHAT_WORKERS")
    chat_queue: int = Field(32, alias="LOTSE_CHAT_QUEUE")
    api_body_max_kb: int = Field(64, alias="LOTSE_API_BODY_MAX_KB")
    body_timeout: float = Field(10.0, alias="LOTSE_BODY_TIMEOUT")

    @field_validator("contact_retention_days", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # `.env.example` lists it empty, meaning "as long as conversations".
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            url = self.database_url
            # Operators paste libpq URLs; SQLAlchemy needs the driver named for psycopg 3.
            if url.startswith("postgresql://") or url.startswith("postgres://"):
                url = "postgresql+psycopg://" + url.split("://", 1)[1]
            return url
        return f"sqlite:///{(self.data_dir / 'lotse.db').resolve()}"

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)

    @property
    def use_llm(self) -> bool:
        if self.answer_mode == "extractive":
            return False
        if self.answer_mode == "llm":
            return True
        return self.llm_configured

    @property
    def origins(self) -> list[str]:
        return [o.strip() for o in self.allowed_origins.split(",") if o.strip()]


@lru_cache(maxsize=8)
def _cached(data_dir: str | None) -> Settings:
    if data_dir:
        return Settings(LOTSE_DATA_DIR=Path(data_dir))
    return Settings()


def get_settings(data_dir: str | Path | None = None) -> Settings:
    """Settings for this process; `data_dir` overrides `LOTSE_DATA_DIR` (the CLI's --data-dir)."""
    return _cached(str(data_dir) if data_dir else None)
