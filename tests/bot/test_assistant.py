"""The assistant core in extractive mode over the small ingested corpus."""

from __future__ import annotations

import re

import pytest

from bot.core.assistant import Assistant
from bot.i18n import STRINGS, not_found_text
from knowledge.settings import Settings


@pytest.fixture(scope="module")
def assistant(mini_data_dir) -> Assistant:  # type: ignore[no-untyped-def]
    from tests.conftest import make_settings

    return Assistant(make_settings(mini_data_dir))


@pytest.mark.parametrize(("question", "lang", "needle"), [
    ("Wer ist Lead Partner von InnoCoopPolSax?", "de", "Wirtschaftsförderung Sachsen"),
    ("Kto jest partnerem wiodącym projektu InnoCoopPolSax?", "pl", "Wirtschaftsförderung Sachsen"),
    ("Jaký je rozpočet projektu Glokalisierung?", "cs", "610.799,70"),
    ("Who is the contact person for trade fairs at WFS?", "en", "Potocki"),
])
def test_answers_in_the_question_language_with_citations(
        assistant: Assistant, question: str, lang: str, needle: str) -> None:
    result = assistant.ask(question, store=False)
    answer = result.answer
    assert answer.answered is True
    assert answer.language == lang
    assert answer.mode == "extractive"
    assert answer.answer.startswith(STRINGS["found_intro"][lang])
    assert needle in answer.answer
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert cited and max(cited) <= len(answer.sources)


@pytest.mark.parametrize(("question", "lang"), [
    ("Wie wird das Wetter morgen in Dresden?", "de"),
    ("Write me a poem about the sea, please.", "en"),
    ("Jaké bude zítra počasí v Praze?", "cs"),
    ("Podaj mi przepis na pierogi ruskie.", "pl"),
])
def test_off_topic_questions_are_declined_politely(
        assistant: Assistant, question: str, lang: str) -> None:
    answer = assistant.ask(question, store=False).answer
    assert answer.answered is False
    assert answer.language == lang
    assert answer.answer == not_found_text(lang, "cli")  # `ask` defaults to the CLI
    assert answer.sources == [] and answer.companies == []


def test_explicit_language_wins(assistant: Assistant) -> None:
    answer = assistant.ask("Wer ist Lead Partner von InnoCoopPolSax?", language="pl",
                           store=False).answer
    assert answer.language == "pl"
    assert answer.answer.startswith(STRINGS["found_intro"]["pl"])


def test_follow_up_uses_the_previous_turn(mini_settings: Settings) -> None:
    assistant = Assistant(mini_settings)
    first = assistant.ask("Wie hoch ist das Budget von Glokalisierung?")
    follow = assistant.ask("und die Laufzeit?", session_id=first.answer.session_id)
    assert "Glokalisierung" in follow.trace.query
    assert follow.answer.answered
    assert "2026" in follow.answer.answer
    assert follow.answer.session_id == first.answer.session_id


def test_stream_tokens_add_up_to_the_answer(assistant: Assistant) -> None:
    tokens: list[str] = []
    result = assistant.ask("Wo liegt das Fördergebiet von InnoCoopPolSax?", store=False,
                           on_token=tokens.append)
    assert len(tokens) > 3
    assert "".join(tokens) == result.answer.answer


def test_a_dry_run_stores_nothing(assistant: Assistant) -> None:
    from sqlalchemy import func, select

    from knowledge.db import ChatSession, MessageRecord

    def counts() -> tuple[int, int]:
        with assistant.db.session() as s:
            return (s.scalar(select(func.count(ChatSession.id))) or 0,
                    s.scalar(select(func.count(MessageRecord.id))) or 0)

    before = counts()
    answer = assistant.ask("Wer ist Lead Partner von InnoCoopPolSax?", store=False).answer
    assert answer.answered and answer.session_id
    assert counts() == before
