"""What the orchestration and the answer engines exchange: the context a turn hands an engine,
the engine's reply, the protocol a model engine meets, the error that means "fall back to the
extractive answer", and the result of a turn (answer object plus trace).

It lives below the orchestrator (bot/core/assistant.py) and the model engine (bot/core/model/) so
that neither has to import the other for its types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from bot.conversations import Turn
from bot.core.schemas import Answer, Trace
from knowledge.retrieval import Passage

# Receives the answer text piece by piece as it is written (streaming channels).
TokenCallback = Callable[[str], None]


@dataclass
class AnswerContext:
    """Everything one turn found, handed to an answer engine."""

    question: str
    query: str
    language: str
    passages: list[Passage]
    companies: list[Any]
    history: list[Turn]
    analysis: Any = None
    # Constraints the question named that no listed organisation meets (soft filters).
    unmet: list[str] = field(default_factory=list)
    # Where the question came from: the not-found text names that channel's way to an advisor.
    channel: str = "cli"


@dataclass
class LLMReply:
    text: str
    sources: list[Passage]
    answered: bool
    prompt: str = ""
    # Organisations the model found through its search tool (beyond ctx.companies).
    companies: list[Any] = field(default_factory=list)


class LLMUnavailable(Exception):
    """The model could not give a usable answer; the reason goes to the log, not the user."""


class LLMEngine(Protocol):
    def begin_turn(self) -> None: ...

    def rewrite(self, question: str, history: list[Turn], language: str) -> str: ...

    def answer(self, ctx: AnswerContext, on_token: TokenCallback | None) -> LLMReply: ...


@dataclass
class GateDecision:
    """What the answer gate compared and why it kept passages or none (shown in the console)."""

    kept: list[Passage]
    # "strong" or "supported" when passages were kept; otherwise why not: "no_passages",
    # "below_threshold", "weak_support", "off_topic".
    reason: str
    compared: float | None = None        # the cosine of the first passage, the one compared
    threshold: float = 0.0
    strong_threshold: float = 0.0
    keep_from: float = 0.0
    lexical_support: float = 0.0
    min_lexical_support: float = 0.0
    off_topic: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {name: value for name, value in asdict(self).items() if name != "kept"}


@dataclass
class AnswerResult:
    """One turn's outcome: the answer object of the contract and the trace staff inspect."""

    answer: Answer
    trace: Trace = field(default_factory=Trace)
