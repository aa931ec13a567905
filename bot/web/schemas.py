"""Request and response models at the HTTP boundary (the answer object is bot.schemas.Answer)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Language codes as browsers and people send them: "de", "pl-PL", "cs_CZ"; "auto" means detect.
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?$")
# Deliberately loose: the advisor replies by hand, so a plausible address is all we check.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SESSION_ID = r"^[A-Za-z0-9_\-]{1,64}$"


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
    language: str | None = Field(None, description="de, en, pl, cs, … or auto (detect).")

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
    email: str = Field(min_length=3, max_length=320)
    organisation: str | None = Field(None, max_length=300)
    message: str = Field(min_length=1, max_length=5000)
    language: str | None = None
    consent: bool = Field(description="Must be true: the visitor agrees to be contacted.")
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
