"""POST /api/contact: a visitor asks for a human advisor (stored for the staff console)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from bot.i18n import normalise_language
from bot.web.deps import AssistantDep, MetricsDep
from bot.web.errors import ApiError, request_language
from bot.web.ratelimit import contact_rate_limit
from bot.web.schemas import ContactRequestIn, ContactResponse, ErrorResponse
from bot.web.strings import web_text

router = APIRouter(prefix="/api", tags=["contact"], dependencies=[contact_rate_limit])


@router.post("/contact", response_model=ContactResponse, status_code=201,
             responses={422: {"model": ErrorResponse}})
def request_advisor(body: ContactRequestIn, request: Request, assistant: AssistantDep,
                    metrics: MetricsDep) -> ContactResponse:
    conversations = assistant.conversations
    language = body.language
    if language is None and body.session_id:
        language = conversations.session_language(body.session_id)
    language = normalise_language(language) if language else request_language(request)
    if not body.consent:
        # Without explicit consent nothing is stored: that is the point of asking.
        raise ApiError(422, "consent_required", language)
    request_id = conversations.add_contact(
        name=body.name, email=body.email, organisation=body.organisation or None,
        message=body.message, language=language, consent=True, session_id=body.session_id,
        channel="web")
    metrics.contacts.labels("web").inc()
    return ContactResponse(id=request_id, message=web_text("contact_received", language))
