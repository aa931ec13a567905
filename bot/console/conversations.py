"""Conversations and feedback, unanswered questions grouped by meaning, advisor requests."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from bot.app_state import AssistantDep
from bot.console.web import Staff, StaffAction, render, router
from bot.core.services.reports import REQUEST_STATUSES, ConversationFilter


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filter(language: str, channel: str, since: str, until: str, rating: str
            ) -> ConversationFilter:
    return ConversationFilter(language=language.lower()[:8], channel=channel[:16],
                              since=_date(since), until=_date(until),
                              rating=rating if rating in ("up", "down") else "")


@router.get("/conversations")
def conversations_page(request: Request, staff: Staff, assistant: AssistantDep,
                       language: str = "", channel: str = "", since: str = "", until: str = "",
                       rating: str = "") -> Response:
    flt = _filter(language, channel, since, until, rating)
    channels, languages = assistant.services.reports.channels_and_languages()
    # The filters as applied (a date that does not parse is no filter), so the CSV link
    # exports exactly the rows shown; encoded, so no value can smuggle in another parameter.
    params = {"language": flt.language, "channel": flt.channel,
              "since": flt.since.isoformat() if flt.since else "",
              "until": flt.until.isoformat() if flt.until else "", "rating": flt.rating}
    query = urlencode({k: v for k, v in params.items() if v})
    return render(request, "conversations.html", {
        "rows": assistant.services.reports.conversations(flt), "params": params,
        "channels": channels, "languages": languages, "query": query}, session=staff)


@router.get("/conversations/export.csv")
def export_csv(staff: Staff, assistant: AssistantDep, language: str = "", channel: str = "",
               since: str = "", until: str = "", rating: str = "") -> Response:
    flt = _filter(language, channel, since, until, rating)
    text = assistant.services.reports.export_csv(flt)
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             'attachment; filename="lotse-conversations.csv"'})


@router.get("/conversations/{session_id}")
def conversation_page(request: Request, session_id: str, staff: Staff,
                      assistant: AssistantDep) -> Response:
    session, messages = assistant.services.reports.conversation(session_id)
    if session is None:
        return render(request, "refused.html", {"reason": "not_found"}, status_code=404,
                      session=staff)
    return render(request, "conversation.html", {"conversation": session,
                                                 "messages": messages}, session=staff)


@router.get("/unanswered")
def unanswered_page(request: Request, staff: Staff, assistant: AssistantDep,
                    language: str = "") -> Response:
    reports = assistant.services.reports
    groups = reports.unanswered_groups(language=language.lower()[:8])
    _channels, languages = reports.channels_and_languages()
    return render(request, "unanswered.html", {"groups": groups, "language": language,
                                               "languages": languages,
                                               "total": sum(len(g.questions) for g in groups)},
                  session=staff)


@router.get("/requests")
def requests_page(request: Request, staff: Staff, assistant: AssistantDep,
                  status: str = "") -> Response:
    status = status if status in REQUEST_STATUSES else ""
    return render(request, "requests.html", {
        "requests": assistant.services.reports.contact_requests(status), "status": status,
        "statuses": REQUEST_STATUSES}, session=staff)


@router.post("/requests/{request_id}/status")
def set_status(request: Request, request_id: int, staff: StaffAction, assistant: AssistantDep,
               status: Annotated[str, Form()]) -> Response:
    if status not in REQUEST_STATUSES:
        return render(request, "refused.html", {"reason": "bad_status"}, status_code=400,
                      session=staff)
    if not assistant.services.reports.set_request_status(request_id, status):
        return render(request, "refused.html", {"reason": "not_found"}, status_code=404,
                      session=staff)
    return RedirectResponse("/admin/requests", status_code=303)


