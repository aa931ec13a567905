"""Routing ask by ask and follow-ups without a subject (bot/answering/routing.py).

The first half reads words only; the second asks the assistant over the mini corpus and the
bundled demo organisations (real SQLite, Chroma, embedder, extractive answers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answering.routing import conversation_subject, is_follow_up, references_back
from bot.assistant import Assistant
from tests.conftest import DEMO_FILE, make_settings


@pytest.mark.parametrize(("message", "lang"), [
    ("How much money did it have?", "en"),
    ("Wie viel Geld hatte es?", "de"),
    ("Ile pieniędzy na to mieli, jaki był budżet tego projektu?", "pl"),
    ("Kdo ho vedl?", "cs"),
    ("und in Polen?", "de"),
    ("Who led it?", "en"),
])
def test_messages_without_a_subject_of_their_own_are_follow_ups(message: str,
                                                                lang: str) -> None:
    assert is_follow_up(message, lang)


@pytest.mark.parametrize(("message", "lang"), [
    ("How much money did the InnoCoopPolSax project have in total?", "en"),
    ("Gibt es Förderung für die Digitalisierung kleiner Firmen in Sachsen?", "de"),
    ("Which companies in Liberec offer powder coating for steel parts?", "en"),
    ("Jaký byl rozpočet projektu Glokalisierung v letech 2024 až 2026?", "cs"),
])
def test_messages_naming_their_subject_are_read_alone(message: str, lang: str) -> None:
    assert not is_follow_up(message, lang)


def test_gibt_es_is_no_reference_back() -> None:
    # "es" of "Gibt es ...?" points at nothing said before.
    assert not references_back("Gibt es Zuschüsse für Messen im Ausland?", "de")
    assert references_back("Wie lange lief es denn?", "de")


def test_the_subject_is_the_last_earlier_message_that_named_one() -> None:
    earlier = ["Tell me about the InnoCoopPolSax project.", "Who led it?"]
    assert conversation_subject(earlier, "en") == "Tell me about the InnoCoopPolSax project."
    assert conversation_subject(["What is Glokalisierung about?"], "en") \
        == "What is Glokalisierung about?"


# -- through the assistant ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def assistant(company_data_dir: Path) -> Assistant:
    return Assistant(make_settings(company_data_dir))


def _powder_coaters_in(country: str) -> set[str]:
    records = [json.loads(line) for line in DEMO_FILE.read_text(encoding="utf-8").splitlines()]
    return {r["id"] for r in records if r["country"] == country and any(
        word in (r.get("offers") or "").lower() for word in ("powder", "práškov", "pulver",
                                                             "proszk"))}


def test_a_funding_question_and_a_partner_search_get_both_answers(assistant: Assistant) -> None:
    # The whole message's intent vote goes mostly to funding; its second ask names a trade.
    result = assistant.ask("Jaké peníze z EU mělo InnoCoopPolSax a která firma v Česku dělá "
                           "práškové lakování?", store=False)
    answer = result.answer
    assert answer.answered and answer.language == "cs"
    assert answer.sources and "innocooppolsax" in answer.sources[0].source
    assert "358" in answer.answer and "[1]" in answer.answer
    assert answer.companies and {c.id for c in answer.companies[:3]} <= _powder_coaters_in("CZ")
    assert result.trace.route == "both"


def test_a_compound_question_about_a_projects_partner_stays_with_the_documents(
        assistant: Assistant) -> None:
    # "Lead Partner" is a word the organisation records use, yet the documents answer it.
    result = assistant.ask("Wer ist Lead Partner von InnoCoopPolSax und wie hoch ist das "
                           "Budget?", store=False)
    assert result.answer.companies == []
    assert "Wirtschaftsförderung Sachsen" in result.answer.answer
    assert "358" in result.answer.answer


def test_a_follow_up_without_a_subject_takes_the_earlier_one(assistant: Assistant) -> None:
    first = assistant.ask("Tell me about the InnoCoopPolSax project.")
    try:
        result = assistant.ask("How much money did it have?", session_id=first.answer.session_id)
        assert result.trace.query.startswith("Tell me about the InnoCoopPolSax project.")
        assert result.answer.answered and "358" in result.answer.answer
    finally:
        assistant.conversations.erase_session(first.answer.session_id)
