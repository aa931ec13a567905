"""POST /api/feedback: thumbs up or down (and an optional comment) on one answer; one rating
per message, a new one replaces the earlier."""

from __future__ import annotations

from fastapi import APIRouter

from bot.web.deps import AssistantDep, MetricsDep
from bot.web.errors import ApiError
from bot.web.ratelimit import feedback_rate_limit
from bot.web.schemas import ErrorResponse, FeedbackRequest, FeedbackResponse
from bot.web.strings import web_text

router = APIRouter(prefix="/api", tags=["feedback"], dependencies=[feedback_rate_limit])


@router.post("/feedback", response_model=FeedbackResponse, status_code=201,
             responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse},
                        429: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
def give_feedback(body: FeedbackRequest, assistant: AssistantDep,
                  metrics: MetricsDep) -> FeedbackResponse:
    outcome = assistant.services.conversations.rate(body.message_id, body.rating, body.comment,
                                                    session_id=body.session_id)
    if not outcome.stored:
        raise ApiError(404, "message_not_found", outcome.language)
    metrics.feedback.labels(body.rating).inc()
    return FeedbackResponse(message=web_text("feedback_thanks", outcome.language))
