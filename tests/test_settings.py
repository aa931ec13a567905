"""Settings live with their owner (issue 13): the core's in `knowledge.settings`, each face's in
its own package, composed by `bot.settings.AppSettings`. Moving a variable must change neither its
name, nor its default, nor where it is read from (the environment and `.env`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.console.settings import ConsoleFaceSettings, ConsoleSettings
from bot.settings import AppSettings
from bot.telegram.settings import TelegramFaceSettings, TelegramSettings
from bot.web.settings import WebFaceSettings, WebSettings
from knowledge.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]

# Every face variable with the default it had when all of them sat in knowledge/settings.py,
# and a value an operator might set, with what the field then holds.
FACE_VARIABLES: list[tuple[type, str, str, object, str, object]] = [
    (TelegramSettings, "telegram_bot_token", "TELEGRAM_BOT_TOKEN", None, "1:AB", "1:AB"),
    (TelegramSettings, "telegram_api_base_url", "TELEGRAM_API_BASE_URL",
     "https://api.telegram.org", "http://127.0.0.1:9", "http://127.0.0.1:9"),
    (TelegramSettings, "telegram_webhook_url", "TELEGRAM_WEBHOOK_URL", None,
     "https://bot.example/telegram/webhook", "https://bot.example/telegram/webhook"),
    (TelegramSettings, "telegram_webhook_secret", "TELEGRAM_WEBHOOK_SECRET", None, "s3", "s3"),
    (TelegramSettings, "telegram_rate_limit", "LOTSE_TELEGRAM_RATE_LIMIT", 20, "7", 7),
    (ConsoleSettings, "admin_token", "LOTSE_ADMIN_TOKEN", None, "tok", "tok"),
    (ConsoleSettings, "session_secret", "LOTSE_SESSION_SECRET", None, "sec", "sec"),
    (ConsoleSettings, "console_lock_after", "LOTSE_CONSOLE_LOCK_AFTER", 10, "3", 3),
    (ConsoleSettings, "console_lock_minutes", "LOTSE_CONSOLE_LOCK_MINUTES", 15, "2", 2),
    (WebSettings, "allowed_origins", "LOTSE_ALLOWED_ORIGINS", "", "https://a.example",
     "https://a.example"),
    (WebSettings, "host", "LOTSE_HOST", "127.0.0.1", "0.0.0.0", "0.0.0.0"),
    (WebSettings, "port", "LOTSE_PORT", 8000, "8123", 8123),
    (WebSettings, "rate_chat_session_per_minute", "LOTSE_RATE_CHAT_SESSION_PER_MINUTE", 20,
     "4", 4),
    (WebSettings, "rate_chat_ip_per_minute", "LOTSE_RATE_CHAT_IP_PER_MINUTE", 60, "4", 4),
    (WebSettings, "rate_contact_session_per_hour", "LOTSE_RATE_CONTACT_SESSION_PER_HOUR", 3,
     "4", 4),
    (WebSettings, "rate_contact_ip_per_hour", "LOTSE_RATE_CONTACT_IP_PER_HOUR", 5, "4", 4),
    (WebSettings, "rate_feedback_session_per_minute", "LOTSE_RATE_FEEDBACK_SESSION_PER_MINUTE",
     30, "4", 4),
    (WebSettings, "rate_feedback_ip_per_minute", "LOTSE_RATE_FEEDBACK_IP_PER_MINUTE", 30,
     "4", 4),
    (WebSettings, "chat_workers", "LOTSE_CHAT_WORKERS", 8, "2", 2),
    (WebSettings, "chat_queue", "LOTSE_CHAT_QUEUE", 32, "5", 5),
    (WebSettings, "api_body_max_kb", "LOTSE_API_BODY_MAX_KB", 64, "9", 9),
    (WebSettings, "body_timeout", "LOTSE_BODY_TIMEOUT", 10.0, "2.5", 2.5),
]


def plain(value: object) -> object:
    """A secret's text, so secrets compare like any other value."""
    return value.get_secret_value() if hasattr(value, "get_secret_value") else value


def test_the_core_settings_hold_no_face_variable() -> None:
    core_fields = set(Settings.model_fields)
    assert not [name for name in core_fields
                if name.startswith(("telegram_", "console_", "rate_"))]
    assert core_fields.isdisjoint(name for _, name, *_ in FACE_VARIABLES)
    core_aliases = {field.alias for field in Settings.model_fields.values()}
    assert core_aliases.isdisjoint(alias for _, _, alias, *_ in FACE_VARIABLES)


@pytest.mark.parametrize(("owner", "name", "alias", "default", "raw", "parsed"), FACE_VARIABLES,
                         ids=[alias for _, _, alias, *_ in FACE_VARIABLES])
def test_each_face_variable_keeps_its_name_and_default(
        monkeypatch: pytest.MonkeyPatch, owner: type, name: str, alias: str, default: object,
        raw: str, parsed: object) -> None:
    assert name in owner.model_fields
    assert owner.model_fields[name].alias == alias
    monkeypatch.delenv(alias, raising=False)
    assert plain(getattr(AppSettings(_env_file=None), name)) == default  # type: ignore[call-arg]
    monkeypatch.setenv(alias, raw)
    assert plain(getattr(AppSettings(_env_file=None), name)) == parsed  # type: ignore[call-arg]
    # The face's own class reads it alone too, without the core's or another face's fields.
    assert plain(getattr(owner(_env_file=None), name)) == parsed


def test_face_variables_are_read_from_dot_env(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    for alias in ("TELEGRAM_BOT_TOKEN", "LOTSE_PORT", "LOTSE_CONSOLE_LOCK_AFTER"):
        monkeypatch.delenv(alias, raising=False)
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=9:XY\nLOTSE_PORT=8765\n"
                                   "LOTSE_CONSOLE_LOCK_AFTER=4\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = AppSettings()  # type: ignore[call-arg]
    assert plain(settings.telegram_bot_token) == "9:XY"
    assert settings.port == 8765
    assert settings.console_lock_after == 4


def test_every_variable_of_env_example_is_read_and_every_one_read_is_listed() -> None:
    listed = {match.group(1) for match in re.finditer(
        r"^#?\s*([A-Z][A-Z0-9_]+)=", (REPO_ROOT / ".env.example").read_text(encoding="utf-8"),
        re.MULTILINE)}
    read = {field.alias for field in AppSettings.model_fields.values()}
    assert listed - read == set()
    assert read - listed == set()


def test_the_application_settings_are_every_face_view_and_the_core() -> None:
    settings = AppSettings(_env_file=None, LOTSE_ALLOWED_ORIGINS=" https://a.example, ,"  # type: ignore[call-arg]
                           "https://b.example")
    for view in (Settings, TelegramFaceSettings, ConsoleFaceSettings, WebFaceSettings):
        assert isinstance(settings, view)
    assert settings.origins == ["https://a.example", "https://b.example"]
    # The copy the index host hands back (knowledge.chroma_server) stays the application's.
    assert isinstance(settings.model_copy(update={"chroma_url": "http://x"}), AppSettings)


def test_the_web_app_refuses_the_core_settings_alone(tmp_path: Path) -> None:
    from bot.web.app import create_app

    with pytest.raises(TypeError, match="AppSettings"):
        create_app(Settings(_env_file=None, LOTSE_DATA_DIR=tmp_path))  # type: ignore[arg-type, call-arg]
