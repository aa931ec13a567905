"""Playground: ask as a user would and see why the answer came out as it did."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import Form, Request, Response

from bot.console.web import AssistantDep, Staff, StaffAction, render, router
from bot.i18n import LANGUAGE_NAMES

CHANNELS = ("web", "telegram", "cli")


def _page(request: Request, staff, form: dict, result=None) -> Response:  # type: ignore[no-untyped-def]
    context = {"languages": LANGUAGE_NAMES, "channels": CHANNELS, "form": form,
               "result": result}
    if result is not None:
        trace = result.trace
        context["analysis_json"] = json.dumps(trace.analysis, ensure_ascii=False, indent=1,
                                              default=str) if trace.analysis else ""
        context["total_ms"] = trace.timings_ms.get("total_ms")
    return render(request, "playground.html", context, session=staff)


@router.get("/playground")
def playground_page(request: Request, staff: Staff) -> Response:
    return _page(request, staff, {"question": "", "language": "", "channel": "web"})


@router.post("/playground")
def ask(request: Request, staff: StaffAction, assistant: AssistantDep,
        question: Annotated[str, Form(max_length=2000)] = "",
        language: Annotated[str, Form()] = "", channel: Annotated[str, Form()] = "web") -> Response:
    language = language if language in LANGUAGE_NAMES else ""
    channel = channel if channel in CHANNELS else "web"
    form = {"question": question, "language": language, "channel": channel}
    if not question.strip():
        return _page(request, staff, form)
    # store=False: staff tests must not show up as conversations, feedback or unanswered.
    result = assistant.ask(question, language=language or None, channel=channel, store=False)
    return _page(request, staff, form, result)
