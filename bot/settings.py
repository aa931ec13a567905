"""The application's settings: the core's (`knowledge.settings.Settings`) and every face's
(web, console, Telegram), one object that each process entry point (`lotse serve`,
`lotse telegram`) builds once. The assistant takes it as the core's settings, the faces as
their own (docs/ARCHITECTURE.md, "Settings")."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.web.settings import WebFaceSettings


class AppSettings(WebFaceSettings):
    """Every variable of `.env.example`. The web app's view already holds all of them (it hosts
    the console and the Telegram bot), so the application's class adds nothing to it; it is
    the name the entry points build."""


@lru_cache(maxsize=8)
def _cached(data_dir: str | None) -> AppSettings:
    if data_dir:
        return AppSettings(LOTSE_DATA_DIR=Path(data_dir))  # type: ignore[call-arg]
    return AppSettings()  # type: ignore[call-arg]


def get_app_settings(data_dir: str | Path | None = None) -> AppSettings:
    """Settings for this process; `data_dir` overrides `LOTSE_DATA_DIR` (the CLI's --data-dir)."""
    return _cached(str(data_dir) if data_dir else None)
