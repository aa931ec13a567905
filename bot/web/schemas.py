"""Request and response models at the HTTP boundary (the answer object is bot.schemas.Answer)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator

# Language codes as browsers and people send them: "de", "pl-PL", "cs_CZ"; "auto" means detect.
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?$")
# Deliberately loose: the advisor replies by hand, so a plausible address is all we check.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SESSION_ID = r"^[A-Za-z0-9_\-]{1,64}$"
# The same rules as the validators below, for the OpenAPI schema (clients and fuzzers read it);
# the validators stay, for messages that say what is wrong.
_LANGUAGE_SCHEMA = {"pattern": r"^([Aa][Uu][Tt][Oo]|[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?)?$"}
_EMAIL_SCHEMA = {"pattern": _EMAIL.pattern}


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value or value.lower() == "auto":
        return None
    if not _LANGUAGE.match(value):
        raise ValueError("language must be a code such as de, en, pl, cs or auto")
    return value.lower().replace("_", "-")


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


class ContactRequestIn(StrictModel):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320, json_schema_extra=_EMAIL_SCHEMA)
    organisation: str | None = Field(None, max_length=300)
    message: str = Field(min_length=1, max_length=5000)
    language: str | None = Field(None, json_schema_extra=_LANGUAGE_SCHEMA)
    # Strict: only JSON true is consent; "yes", 1 or "true" are not a visitor ticking the box.
    consent: Annotated[bool, Strict()] = Field(
        description="Must be true (the JSON boolean): the visitor agrees to be contacted.")
    session_id: str | None = Field(None, pattern=_SESSION_ID)

    _check_language = field_validator("language")(_language)

    @field_validator("email")
    @classmethod
    def _plausible_email(cls, value: str) -> str:
        if not _EMAIL.match(value):
            raise ValueError("email must look like name@example.org")
        return value


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
