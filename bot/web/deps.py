"""FastAPI dependencies of the web API: the per-process objects live on app.state, nothing
global. The assistant and settings dependencies are shared with the console (bot/app_state.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.app_state import AssistantDep, SettingsDep
from bot.web.metrics import WebMetrics

__all__ = ["AssistantDep", "MetricsDep", "SettingsDep"]


def get_metrics(request: Request) -> WebMetrics:
    return request.app.state.metrics


MetricsDep = Annotated[WebMetrics, Depends(get_metrics)]
