"""The model engine: the answer loop (model rounds, tool calls, a retry when nothing is cited)
and the follow-up rewrite, each within the turn's time budget.

Everything that can go wrong with a remote model is retried within limits and otherwise raised
as `LLMUnavailable`, so the orchestrator can fall back to the extractive answer; the user never
sees a stack trace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bot.conversations import Turn
from bot.core import prompts
from bot.core.contracts import AnswerContext, LLMReply, LLMUnavailable, TokenCallback
from bot.core.model.citations import ReplyFilter, StreamedOutput, without_citations
from bot.core.model.client import chat_model
from bot.core.model.messages import (
    history_messages,
    recent_turns,
    render,
    system_message,
    text_of,
)
from bot.core.model.retries import (
    CircuitBreaker,
    TurnBudgetExhausted,
    call_with_retries,
    rejects_tools,
    unreachable,
)
from bot.core.model.sources import NumberedDocument, OrganisationBook, SourceBook
from bot.core.model.tokens import token_counter
from bot.core.model.tools import ModelTools
from bot.i18n import SUPPORTED, not_found_text
from knowledge.settings import Settings

log = logging.getLogger("lotse.llm")

T = TypeVar("T")

MAX_TOOL_ROUNDS = 3


@dataclass
class _Round:
    message: Any
    reply: ReplyFilter
    tool_calls: list[dict[str, Any]] = field(default_factory=list)


class LLMAnswerer:
    """The `LLMEngine` of bot.core.contracts: one per process, shared by request threads."""

    def __init__(self, settings: Settings, *, retriever: Any = None,
                 company_search: Any = None) -> None:
        self.settings = settings
        self.retriever = retriever
        self.company_search = company_search
        self.count_tokens = token_counter(settings.llm_model)
        try:
            self.model: Any = chat_model(settings)
        except LLMUnavailable as exc:
            log.error("LLM answers disabled: %s", exc)
            self.model = None
        self.tools = ModelTools(retriever=retriever, company_search=company_search,
                                answer_threshold=settings.answer_threshold)
        self.tool_names = self.tools.names
        self.model_with_tools = (self.model.bind_tools(self.tools.schemas)
                                 if self.model is not None and self.tools.schemas else None)
        # Set when the server rejects requests that carry tools (some local models cannot call
        # tools); from then on this process asks without them.
        self.tools_refused = False
        self.breaker = CircuitBreaker(settings.llm_breaker_failures,
                                      settings.llm_breaker_cooldown)
        # Per request thread: the turn's deadline, and whether its rewrite found the model
        # unreachable (then the answer of the same turn falls back at once).
        self._turn = threading.local()

    def begin_turn(self) -> None:
        """Starts the budget one turn has for the model: rewrite, retries and answer share
        LOTSE_LLM_TURN_BUDGET seconds. Retrieval in between is not counted: on a loaded
        machine it would otherwise leave nothing for the answer."""
        self._turn.model_seconds = 0.0
        self._turn.unreachable = None

    def _seconds_left(self) -> float:
        # Outside a turn (a test, a script calling rewrite directly) each call has the budget.
        used = getattr(self._turn, "model_seconds", 0.0)
        return self.settings.llm_turn_budget - used

    # -- follow-ups --------------------------------------------------------------------------------
    def rewrite(self, question: str, history: list[Turn], language: str) -> str:
        from langchain_core.messages import HumanMessage, SystemMessage

        model = self._require_model()
        turns = [(turn.role, without_citations(turn.text)) for turn in self._recent(history)]
        messages = [SystemMessage(prompts.rewrite_rules(language)),
                    HumanMessage(prompts.rewrite_request(turns, question))]
        self._turn.unreachable = None
        try:
            reply = self._with_retries(lambda timeout: model.invoke(messages, timeout=timeout),
                                       purpose="follow-up rewrite")
        except LLMUnavailable as exc:
            if unreachable(exc):
                self._turn.unreachable = str(exc)
            raise
        lines = [line.strip() for line in text_of(reply.content).splitlines() if line.strip()]
        standalone = lines[0].strip("\"'„“”«» ") if lines else ""
        if not standalone:
            raise LLMUnavailable("the model returned an empty rewrite")
        if self.settings.log_message_text:
            log.debug("rewrite: %r -> %r", question, standalone)
        return standalone[:500]

    # -- answers -----------------------------------------------------------------------------------
    def answer(self, ctx: AnswerContext, on_token: TokenCallback | None) -> LLMReply:
        from langchain_core.messages import HumanMessage

        self._require_model()
        unreachable_before = getattr(self._turn, "unreachable", None)
        self._turn.unreachable = None
        if unreachable_before:
            raise LLMUnavailable(
                f"not asked: the follow-up rewrite just failed ({unreachable_before})")
        book = SourceBook()
        first = book.add(ctx.passages)
        organisations = OrganisationBook(list(ctx.companies or []))
        tools_open = self.model_with_tools is not None and not self.tools_refused
        system = self._system_prompt(ctx.language, first, organisations, tools_open)
        messages: list[Any] = [system, *history_messages(self._recent(ctx.history)),
                               HumanMessage(ctx.question)]
        prompt_text = render(messages)
        if self.settings.log_message_text:
            log.debug("LLM prompt:\n%s", prompt_text)

        output = StreamedOutput(on_token)
        try:
            return self._converse(ctx, messages, book, first, organisations, output,
                                  prompt_text)
        except LLMUnavailable:
            if output.emitted and on_token is not None:
                # The fallback answer follows what already streamed: start a new paragraph.
                on_token("\n\n")
            raise

    def _converse(self, ctx: AnswerContext, messages: list[Any], book: SourceBook,
                  first: list[NumberedDocument], organisations: OrganisationBook,
                  output: StreamedOutput, prompt_text: str) -> LLMReply:
        """Model rounds until an answer: tool calls are run and answered, at most
        MAX_TOOL_ROUNDS times; an uncited answer is asked for again within the retry limit."""
        from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

        tools_open = self.model_with_tools is not None and not self.tools_refused
        stream = output.on_token is not None
        tool_rounds = 0
        cite_retries = self.settings.llm_max_retries
        while True:
            use_tools = tools_open and tool_rounds < MAX_TOOL_ROUNDS
            runnable = self.model_with_tools if use_tools else self.model
            # An answer must cite a source unless it is about organisation records (which
            # have no numbers); such answers wait for their first citation before streaming.
            hold = not organisations.records
            try:
                round_ = self._with_retries(
                    lambda timeout, runnable=runnable, hold=hold, messages=messages: self._round(
                        runnable, messages, book, output, stream, hold, timeout),
                    can_retry=lambda: not output.emitted, purpose="answer")
            except LLMUnavailable as exc:
                if not (use_tools and rejects_tools(exc)) or output.emitted:
                    raise
                log.warning("the model server refused a request with tools (%s); "
                            "asking without tools from now on", exc)
                self.tools_refused = True
                tools_open = False
                messages[0] = self._system_prompt(ctx.language, first, organisations, False)
                continue
            if round_.tool_calls and use_tools:
                tool_rounds += 1
                messages.append(round_.message)
                for call in round_.tool_calls:
                    result = self.tools.run(call, book, organisations, ctx.language)
                    messages.append(ToolMessage(result, tool_call_id=call.get("id") or ""))
                continue

            reply = round_.reply
            rest = reply.finish()
            if reply.no_answer or not (book.documents or organisations.records):
                output.emit(("\n\n" if output.emitted else "")
                            + _not_found(ctx.language, reply.visible, ctx.channel))
                return LLMReply(output.text, [], False, prompt_text)
            grounded = bool(reply.mapping) or bool(organisations.records)
            if not (rest or output.emitted) or not grounded:
                if cite_retries > 0 and not output.emitted:
                    cite_retries -= 1
                    log.info("LLM answer cited no source; asking again")
                    messages += [AIMessage(text_of(round_.message.content)),
                                 HumanMessage(prompts.CITE_REMINDER.format(
                                     marker=prompts.NO_ANSWER_MARKER))]
                    continue
                reason = "the answer was empty" if not rest else "the answer cited no source"
                log.warning("LLM answer unusable: %s", reason)
                raise LLMUnavailable(reason)
            output.emit(rest)
            sources = [book.passage(number) for number in reply.cited]
            return LLMReply(output.text, sources, True, prompt_text,
                            companies=list(organisations.found_by_tools))

    # -- one model call ----------------------------------------------------------------------------
    def _round(self, runnable: Any, messages: list[Any], book: SourceBook,
               output: StreamedOutput, stream: bool, hold: bool, timeout: float) -> _Round:
        from langchain_core.messages import AIMessage

        reply = ReplyFilter(book.has, output.emit, hold=hold)
        if stream:
            message: Any = None
            deadline = time.monotonic() + timeout
            # The client's timeout bounds each read; a stream that trickles could outlast the
            # turn, so the whole stream is held to the call's share of the budget too.
            for chunk in runnable.stream(messages, timeout=timeout):
                if time.monotonic() > deadline:
                    raise TurnBudgetExhausted(f"the reply took longer than {timeout:.1f} s")
                message = chunk if message is None else message + chunk
                if getattr(chunk, "tool_call_chunks", None):
                    reply.suppress()
                text = text_of(chunk.content)
                if text:
                    reply.feed(text)
            if message is None:
                message = AIMessage("")
        else:
            message = runnable.invoke(messages, timeout=timeout)
            reply.feed(text_of(message.content))
        calls = list(getattr(message, "tool_calls", None) or [])
        calls += [dict(call, invalid=True)
                  for call in getattr(message, "invalid_tool_calls", None) or []]
        if calls:
            reply.suppress()
        return _Round(message, reply, calls)

    def _with_retries(self, attempt: Callable[[float], T], *, purpose: str,
                      can_retry: Callable[[], bool] = lambda: True) -> T:
        """`attempt(timeout)` with retries, within what is left of the turn's budget; the time
        it took counts against that budget."""
        started = time.monotonic()
        try:
            return call_with_retries(
                attempt, purpose=purpose, can_retry=can_retry,
                deadline=started + self._seconds_left(),
                max_retries=self.settings.llm_max_retries,
                call_timeout=self.settings.llm_timeout,
                turn_budget=self.settings.llm_turn_budget, breaker=self.breaker)
        finally:
            if hasattr(self._turn, "model_seconds"):
                self._turn.model_seconds += time.monotonic() - started

    # -- prompt parts ------------------------------------------------------------------------------
    def _system_prompt(self, language: str, documents: list[NumberedDocument],
                       organisations: OrganisationBook, tools_open: bool) -> Any:
        return system_message(language, documents, organisations,
                              self.tool_names if tools_open else [], MAX_TOOL_ROUNDS)

    def _recent(self, history: list[Turn]) -> list[Turn]:
        return recent_turns(history, self.settings.llm_history_tokens, self.count_tokens)

    def _require_model(self) -> Any:
        if self.model is None:
            raise LLMUnavailable("no model configured")
        return self.model


def _not_found(language: str, statement: str, channel: str) -> str:
    """The assistant's own not-found text (with the channel's way to an advisor) in the
    first-class languages; elsewhere the model's statement, which is in the user's language."""
    if language in SUPPORTED or not statement.strip():
        return not_found_text(language, channel)
    return statement.strip()
