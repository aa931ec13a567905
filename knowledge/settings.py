"""The core's settings (environment variables and `.env`): data directory, models, the LLM,
the stores, thresholds, retention, upload size. Each face's settings live with the face
(bot/telegram/settings.py, bot/web/settings.py, bot/console/settings.py) and `bot.settings`
composes them with these (docs/ARCHITECTURE.md, "Settings"); knowledge/ imports no face."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """The core's variables; `.env.example` lists them with the faces' and their defaults."""

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
    retention_days: int = Field(90, alias="LOTSE_RETENTION_DAYS")
    # Advisor requests are kept this long; empty means as long as conversations.
    contact_retention_days: int | None = Field(None, alias="LOTSE_CONTACT_RETENTION_DAYS")
    # How long a SQLite writer waits for another before the request fails with a 503.
    db_busy_timeout_ms: int = Field(5000, alias="LOTSE_DB_BUSY_TIMEOUT_MS")
    log_message_text: bool = Field(False, alias="LOTSE_LOG_MESSAGE_TEXT")
    upload_max_mb: int = Field(20, alias="LOTSE_UPLOAD_MAX_MB")

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


@lru_cache(maxsize=8)
def _cached(data_dir: str | None) -> Settings:
    if data_dir:
        return Settings(LOTSE_DATA_DIR=Path(data_dir))
    return Settings()


def get_settings(data_dir: str | Path | None = None) -> Settings:
    """Settings for this process; `data_dir` overrides `LOTSE_DATA_DIR` (the CLI's --data-dir)."""
    return _cached(str(data_dir) if data_dir else None)
