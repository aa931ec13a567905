"""Prompt assembly: the chat messages one turn sends (system rules with the numbered sources
and organisation records, the recent history within its token budget, the question), and the
prompt as staff read it in the console trace. The wording itself is in bot/core/prompts.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.conversations import Turn
from bot.core import prompts
from bot.core.model.citations import without_citations
from bot.core.model.sources import NumberedDocument, OrganisationBook, SourceBook


def system_message(language: str, documents: list[NumberedDocument],
                   organisations: OrganisationBook, tool_names: list[str],
                   max_tool_rounds: int) -> Any:
    from langchain_core.messages import SystemMessage

    parts = [prompts.answer_rules(language, tool_names, max_tool_rounds)]
    if documents:
        parts.append(f"{prompts.SOURCES_HEADER}\n{SourceBook.render(documents)}")
    else:
        parts.append(prompts.NO_SOURCES)
    if organisations.records:
        parts.append(f"{prompts.ORGANISATIONS_HEADER}\n" + "\n".join(
            prompts.organisation_block(r) for r in organisations.records))
    return SystemMessage("\n\n".join(parts))


def recent_turns(history: list[Turn], budget: int,
                 count_tokens: Callable[[str], int]) -> list[Turn]:
    """The newest turns that fit the history budget, oldest first."""
    kept: list[Turn] = []
    used = 0
    for turn in reversed(history):
        cost = count_tokens(turn.text) + 4  # role and separators
        if used + cost > budget:
            break
        kept.append(turn)
        used += cost
    return list(reversed(kept))


def history_messages(turns: list[Turn]) -> list[Any]:
    from langchain_core.messages import AIMessage, HumanMessage

    # Old answers cite the sources of their own turn; those numbers mean nothing now.
    return [HumanMessage(turn.text) if turn.role == "user"
            else AIMessage(without_citations(turn.text))
            for turn in turns if turn.role in ("user", "assistant")]


def text_of(content: Any) -> str:
    """A message's text, whether the client gives a string or content blocks."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(block if isinstance(block, str) else str(block.get("text", ""))
                       for block in content if isinstance(block, str | dict))
    return ""


def render(messages: list[Any]) -> str:
    """The prompt as staff see it in the console trace."""
    return "\n\n".join(f"[{getattr(m, 'type', 'message')}]\n{text_of(m.content)}"
                       for m in messages)
