"""The answer object (its contract: docs/ARCHITECTURE.md) and what travels with it internally."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer


class SourceRef(BaseModel):
    id: str
    title: str
    source: str
    score: float
    excerpt: str


class CompanyRef(BaseModel):
    # Beyond the contract's six keys a company carries what a user needs to act on it.
    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    kind: str
    country: str
    city: str | None = None
    score: float


class ProgrammeRef(BaseModel):
    """A funding programme the funding finder lists: why it fits, what does not or is unknown
    (`why`, in the answer's language), the call's closing date and where to apply."""

    id: str
    name: str
    funder: str
    kind: str
    why: str
    open_until: str | None = None
    url: str | None = None


class GuidedChoice(BaseModel):
    value: str
    label: str


class GuidedQuestion(BaseModel):
    """The funding finder's question waiting for an answer: channels show the choices as
    buttons and send the chosen `value` back as the next question (free text works too)."""

    asks: Literal["location", "size", "project", "start"]
    choices: list[GuidedChoice] = Field(default_factory=list)


class Answer(BaseModel):
    answer: str
    language: str
    mode: Literal["extractive", "llm"]
    answered: bool
    sources: list[SourceRef] = Field(default_factory=list)
    companies: list[CompanyRef] = Field(default_factory=list)
    programmes: list[ProgrammeRef] = Field(default_factory=list)
    guided: GuidedQuestion | None = None
    session_id: str
    message_id: str

    @model_serializer(mode="wrap")
    def _contract_keys(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # `guided` exists only while the funding finder waits for an answer, so every other
        # answer carries exactly the contract's keys (docs/ARCHITECTURE.md).
        data: dict[str, Any] = handler(self)
        if data.get("guided") is None:
            data.pop("guided", None)
        return data


@dataclass
class Trace:
    """Why an answer came out as it did: shown in the staff console, never to end users."""

    route: str = "documents"
    query: str = ""
    passages: list[dict[str, Any]] = field(default_factory=list)
    companies: list[dict[str, Any]] = field(default_factory=list)
    analysis: dict[str, Any] = field(default_factory=dict)
    prompt: str | None = None
    notice: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    # What the answer gate compared: the top passage's cosine against the threshold (and the
    # strong margin and lexical support it needs), and its decision.
    gate: dict[str, Any] = field(default_factory=dict)
    # Why `answered` is false ("below_threshold", "weak_support", "off_topic", ...); None when
    # answered.
    unanswered_reason: str | None = None
    # Each [n] of the answer: its number, the sentence quoted (extractive) and the passage.
    citations: list[dict[str, Any]] = field(default_factory=list)
    # The parts of a compound question (extractive): each ask, whether it was answered, and
    # the names no passage mentions.
    asks: list[dict[str, Any]] = field(default_factory=list)
