"""FastAPI dependencies: the per-process objects live on app.state, nothing global."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.assistant import Assistant
from bot.web.metrics import WebMetrics
from knowledge.settings import Settings


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_metrics(request: Request) -> WebMetrics:
    return request.app.state.metrics


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MetricsDep = Annotated[WebMetrics, Depends(get_metrics)]
