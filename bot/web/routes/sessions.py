"""DELETE /api/sessions/{id}: the visitor erases their conversation (real deletion), with the
feedback on it and the advisor requests sent from it (bot/core/services/conversations.py)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Response

from bot.web.deps import AssistantDep
from bot.web.errors import ApiError
from bot.web.schemas import ErrorResponse

router = APIRouter(prefix="/api", tags=["sessions"])


@router.delete("/sessions/{session_id}", status_code=204,
               responses={404: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
def erase_session(assistant: AssistantDep,
                  session_id: str = Path(pattern=r"^[A-Za-z0-9_\-]{1,64}$")) -> Response:
    conversations = assistant.services.conversations
    language = conversations.language(session_id)
    if not conversations.erase(session_id):
        raise ApiError(404, "session_not_found", language)
    return Response(status_code=204)
