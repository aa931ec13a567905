"""POST /api/contact: a visitor asks for a human advisor (stored for the staff console)."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from starlette.concurrency import run_in_threadpool

from bot.i18n import normalise_language
from bot.web.deps import AssistantDep, MetricsDep
from bot.web.errors import ApiError, request_language
from bot.web.idempotency import KEY_PATTERN, client_key
from bot.web.ratelimit import contact_rate_limit
from bot.web.schemas import ContactRequestIn, ContactResponse, error_responses
from bot.web.strings import web_text

router = APIRouter(prefix="/api", tags=["contact"], dependencies=[contact_rate_limit])
log = logging.getLogger("lotse.web.contact")

# Not a status a client ever sees (it has gone); nginx's code for it, so logs and metrics
# show requests that were dropped unstored.
CLIENT_GONE = 499


@router.post("/contact", response_model=ContactResponse, status_code=201,
             responses=error_responses(400, 413, 422, 429, 503))
async def request_advisor(
        body: ContactRequestIn, request: Request, response: Response, assistant: AssistantDep,
        metrics: MetricsDep,
        idempotency_key: Annotated[str | None, Header(
            alias="Idempotency-Key", pattern=KEY_PATTERN,
            description="One key per submission, the same on a retry: a retry then returns "
                        "the first request's answer instead of storing it twice.")] = None,
) -> ContactResponse:
    services = assistant.services
    language = body.language
    if language is None and body.session_id:
        language = await run_in_threadpool(services.conversations.language, body.session_id)
    language = normalise_language(language) if language else request_language(request)
    if not body.consent:
        # Without explicit consent nothing is stored: that is the point of asking.
        raise ApiError(422, "consent_required", language)
    if await request.is_disconnected():
        # The visitor's browser gave up (its time-out) before we stored anything; storing now
        # would create a request they believe failed and will send again.
        log.info("advisor request dropped: the client disconnected before it was stored")
        response.status_code = CLIENT_GONE
        return ContactResponse(id=0, message="")
    receipt = await run_in_threadpool(
        lambda: services.contacts.submit(
            body, language=language, channel="web",
            client_key=client_key(idempotency_key) if idempotency_key is not None else None))
    if receipt.replayed:
        if not receipt.same_request:
            raise ApiError(422, "idempotency_key_reused", language)
        # The same answer as the first time (id and message in its language).
        response.headers["Idempotent-Replayed"] = "true"
        return ContactResponse(id=receipt.id,
                               message=web_text("contact_received", receipt.language))
    metrics.contacts.labels("web").inc()
    return ContactResponse(id=receipt.id, message=web_text("contact_received", language))
