"""What the web API and the staff console (one FastAPI app) take from `app.state`: the
process's settings and assistant, as FastAPI dependencies. Both faces use these, so there is
one definition; nothing is global."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.core.assistant import Assistant
from knowledge.settings import Settings


def app_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


def app_settings(request: Request) -> Settings:
    return request.app.state.settings


AssistantDep = Annotated[Assistant, Depends(app_assistant)]
SettingsDep = Annotated[Settings, Depends(app_settings)]
