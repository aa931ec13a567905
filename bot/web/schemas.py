"""Request and response models at the HTTP boundary (the answer: bot.core.schemas)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The advisor request and the field rules it shares with these models live in the core, so
# every channel checks a request the same way.
from bot.core.services.contact import LANGUAGE_SCHEMA as _LANGUAGE_SCHEMA
from bot.core.services.contact import SESSION_ID as _SESSION_ID
from bot.core.services.contact import ContactRequestIn as ContactRequestIn
from bot.core.services.contact import checked_language as _language


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ChatRequest(StrictModel):
    question: str = Field(min_length=1, max_length=2000,
                          examples=["Wer ist Lead Partner von InnoCoopPolSax?"])
    session_id: str | None = Field(None, pattern=_SESSION_ID,
                                   description="From an earlier answer; omit to start one.")
    language: str | None = Field(None, description="de, en, pl, cs, … or auto (detect).",
                                 json_schema_extra=_LANGUAGE_SCHEMA)

    _check_language = field_validator("language")(_language)


class FeedbackRequest(StrictModel):
    message_id: str = Field(pattern=_SESSION_ID)
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=2000)
    session_id: str | None = Field(None, pattern=_SESSION_ID,
                                   description="When given, the message must belong to it.")


class FeedbackResponse(BaseModel):
    status: Literal["stored"] = "stored"
    message: str


class ContactResponse(BaseModel):
    id: int
    status: Literal["received"] = "received"
    message: str


class ErrorResponse(BaseModel):
    error: str
    message: str
    language: str
    details: list[dict] = Field(default_factory=list)


_ERROR_DESCRIPTIONS = {
    400: "The body could not be read as a request.",
    413: "The body is larger than LOTSE_API_BODY_MAX_KB.",
    422: "A field is missing or invalid; the message names it in the visitor's language.",
    429: "Too many requests from this client or conversation; see Retry-After.",
    500: "Unexpected error; the message apologises in the visitor's language.",
    503: "Busy (every chat worker taken) or a store unavailable; see Retry-After.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses=` for the error statuses a route can answer, all as ErrorResponse."""
    return {status: {"model": ErrorResponse, "description": _ERROR_DESCRIPTIONS[status]}
            for status in statuses}
