"""Playground: ask as a user would and see why the answer came out as it did.

A stored conversation can be opened here with its history: its earlier questions are asked
again in a throwaway session (nothing is stored), then the chosen question, so staff see how
today's knowledge answers that turn, follow-up rewriting included.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Form, Request, Response
from markupsafe import Markup, escape

from bot.app_state import AssistantDep
from bot.console.web import Staff, StaffAction, render, router
from bot.core.assistant import AnswerResult, Assistant
from bot.core.services.conversations import Turn, new_id
from bot.i18n import LANGUAGE_NAMES

CHANNELS = ("web", "telegram", "cli")
_CITATION = re.compile(r"\[(\d{1,2})\]")

# Why a question was not answered, in the words staff read (codes from bot.core.assistant).
UNANSWERED_REASONS = {
    "no_passages": "No passage was found at all: the index is empty or nothing matched.",
    "below_threshold": "The first passage's cosine {compared:.3f} is below the answer "
                       "threshold {threshold:.3f}.",
    "weak_support": "The first passage's cosine {compared:.3f} reaches the threshold "
                    "{threshold:.3f} but not {strong_threshold:.3f}, where the cosine alone "
                    "suffices, and only {lexical_support:.0%} of the question's content words "
                    "occur in the top passages (at least {min_lexical_support:.0%} needed).",
    "off_topic": "The question is most like the questions Lotse does not answer; that needs "
                 "a cosine of at least {strong_threshold:.3f} and {min_lexical_support:.0%} "
                 "of its content words in the passages (it had {compared:.3f} and "
                 "{lexical_support:.0%}).",
    "outside_corpus": "The question is most like the questions Lotse does not answer, and a "
                      "good part of its content words (its topic) occur in no passage of the "
                      "index: what the passages share with it is generic.",
    "no_sentence": "Passages passed the gate, but none of their sentences could be quoted as "
                   "an answer (too short, headings, or far from the question).",
    "llm_declined": "The language model found no answer in the passages it was given.",
    "names_not_in_sources": "Passages passed the gate, but no passage mentions a project, "
                            "programme or organisation the question names (see the asks "
                            "below), so no other one's facts are quoted.",
    "asks_not_in_sources": "Passages passed the gate, but no sentence in them states what "
                           "was asked (see the asks below).",
}


@dataclass
class Replay:
    """The conversation a playground question is asked in, and its earlier turns as replayed."""

    conversation_id: str
    message_id: str
    turns: list[AnswerResult]
    questions: list[str]


def unanswered_reason(result: AnswerResult) -> str:
    trace = result.trace
    code = trace.unanswered_reason
    if result.answer.answered or not code:
        return ""
    template = UNANSWERED_REASONS.get(code)
    if template is None:  # a reason added elsewhere in the assistant: show its code
        return f"Not answered: {code.replace('_', ' ')}."
    values = {"compared": 0.0, "lexical_support": 0.0} | {
        k: v for k, v in trace.gate.items() if v is not None}
    return template.format(**values)


def linked_answer(text: str) -> Markup:
    """The answer, escaped, with every [n] a link to what it cites."""
    return Markup(_CITATION.sub(lambda m: f'<a href="#cite-{m.group(1)}" class="cite">'
                                          f'[{m.group(1)}]</a>', str(escape(text))))


def marked_passage(text: str, sentences: list[str]) -> Markup:
    """A passage, escaped, with the sentences the answer quotes from it highlighted."""
    html = str(escape(text))
    for sentence in sentences:
        quoted = str(escape(sentence))
        if quoted and quoted in html:
            html = html.replace(quoted, f"<mark>{quoted}</mark>", 1)
    return Markup(html)


def citation_groups(result: AnswerResult) -> list[dict[str, Any]]:
    """One entry per [n]: the document, its sentences and the rank of each one's passage."""
    rank = {p["id"]: n for n, p in enumerate(result.trace.passages, 1)}
    groups: dict[int, dict[str, Any]] = {}
    for c in result.trace.citations:
        group = groups.setdefault(c["n"], {"n": c["n"], "title": c.get("title", ""),
                                           "sentences": []})
        group["sentences"].append({"text": c.get("sentence"),
                                   "rank": rank.get(c.get("passage_id"))})
    return [groups[n] for n in sorted(groups)]


def _passage_rows(result: AnswerResult) -> list[dict[str, Any]]:
    cited: dict[str, list[int]] = {}
    quoted: dict[str, list[str]] = {}
    for c in result.trace.citations:
        if c.get("passage_id"):
            cited.setdefault(c["passage_id"], [])
            if c["n"] not in cited[c["passage_id"]]:
                cited[c["passage_id"]].append(c["n"])
            if c.get("sentence"):
                quoted.setdefault(c["passage_id"], []).append(c["sentence"])
    return [p | {"rank": n, "cited_as": cited.get(p["id"], []),
                 "html": marked_passage(p["text"], quoted.get(p["id"], []))}
            for n, p in enumerate(result.trace.passages, 1)]


def _page(request: Request, staff: Any, form: dict[str, Any], result: AnswerResult | None = None,
          replay: Replay | None = None, error: str = "", status_code: int = 200) -> Response:
    context: dict[str, Any] = {"languages": LANGUAGE_NAMES, "channels": CHANNELS, "form": form,
                               "result": result, "replay": replay, "error": error}
    if result is not None:
        trace = result.trace
        context |= {
            "analysis_json": json.dumps(trace.analysis, ensure_ascii=False, indent=1,
                                        default=str) if trace.analysis else "",
            "total_ms": trace.timings_ms.get("total_ms"),
            "answer_html": linked_answer(result.answer.answer),
            "reason": unanswered_reason(result),
            "citations": citation_groups(result),
            "passages": _passage_rows(result),
        }
    return render(request, "playground.html", context, status_code=status_code, session=staff)


def replay_conversation(assistant: Assistant, questions: list[str], question: str, *,
                        language: str | None, channel: str) -> tuple[list[AnswerResult],
                                                                     AnswerResult]:
    """Ask `questions` in order in a session that is never stored, each with the turns before
    it as history, then `question`."""
    session_id = new_id("s")
    history: list[Turn] = []
    earlier: list[AnswerResult] = []
    for previous in questions:
        result = assistant.ask(previous, session_id=session_id, language=language,
                               channel=channel, store=False, history=list(history))
        earlier.append(result)
        history += [Turn("user", previous, result.answer.language, new_id("m")),
                    Turn("assistant", result.answer.answer, result.answer.language,
                         result.answer.message_id)]
    final = assistant.ask(question, session_id=session_id, language=language, channel=channel,
                          store=False, history=history)
    return earlier, final


@router.get("/playground")
def playground_page(request: Request, staff: Staff, assistant: AssistantDep,
                    conversation: str = "", message: str = "") -> Response:
    form: dict[str, Any] = {"question": "", "language": "", "channel": "web",
                            "conversation": "", "message": ""}
    replay = None
    if conversation and message:
        found = assistant.services.reports.questions_before(conversation, message)
        if found is None:
            return render(request, "refused.html", {"reason": "not_found"}, status_code=404,
                          session=staff)
        earlier, chosen, channel = found
        form |= {"question": chosen, "conversation": conversation, "message": message,
                 "channel": channel if channel in CHANNELS else "web"}
        replay = Replay(conversation, message, [], earlier)
    return _page(request, staff, form, replay=replay)


@router.post("/playground")
def ask(request: Request, staff: StaffAction, assistant: AssistantDep,
        question: Annotated[str, Form(max_length=2000)] = "",
        language: Annotated[str, Form()] = "", channel: Annotated[str, Form()] = "web",
        conversation: Annotated[str, Form(max_length=64)] = "",
        message: Annotated[str, Form(max_length=64)] = "") -> Response:
    language = language if language in LANGUAGE_NAMES else ""
    channel = channel if channel in CHANNELS else "web"
    form = {"question": question, "language": language, "channel": channel,
            "conversation": conversation, "message": message}
    replay = None
    earlier_questions: list[str] = []
    if conversation and message:
        found = assistant.services.reports.questions_before(conversation, message)
        if found is None:
            return render(request, "refused.html", {"reason": "not_found"}, status_code=404,
                          session=staff)
        earlier_questions = found[0]
        replay = Replay(conversation, message, [], earlier_questions)
    if not question.strip():
        return _page(request, staff, form, replay=replay, status_code=400,
                     error="Type a question first: the question was empty or only spaces.")
    # store=False: staff tests must not show up as conversations, feedback or unanswered.
    if replay is not None:
        replay.turns, result = replay_conversation(assistant, earlier_questions, question,
                                                   language=language or None, channel=channel)
    else:
        result = assistant.ask(question, language=language or None, channel=channel,
                               store=False)
    return _page(request, staff, form, result, replay=replay)
