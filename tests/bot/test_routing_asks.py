"""Routing ask by ask and follow-ups without a subject (bot/core/answering/routing.py).

The first half reads words only; the second asks the assistant over the mini corpus and the
bundled demo organisations (real SQLite, Chroma, embedder, extractive answers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.answering.asks import split_asks
from bot.core.answering.documents import _unmentioned_names
from bot.core.answering.extractive import Selection
from bot.core.answering.routing import (
    asks_for_a_document_fact,
    conversation_subject,
    is_follow_up,
    references_back,
)
from bot.core.assistant import Assistant
from knowledge.retrieval import Passage
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


def test_a_question_for_a_count_without_a_subject_may_continue_the_conversation() -> None:
    assert asks_for_a_document_fact("How many people were trained?", "en")
    assert not asks_for_a_document_fact("How many people did THINGS+ train?", "en")
    assert not asks_for_a_document_fact("Who makes powder coating near Zittau?", "en")


def test_the_subject_is_the_last_earlier_message_that_named_one() -> None:
    earlier = ["Tell me about the InnoCoopPolSax project.", "Who led it?"]
    assert conversation_subject(earlier, "en") == "Tell me about the InnoCoopPolSax project."
    assert conversation_subject(["What is Glokalisierung about?"], "en") \
        == "What is Glokalisierung about?"


def test_a_question_mark_ends_an_ask_and_starts_no_name() -> None:
    asks = split_asks("Kiedy trwał projekt Alpcluster 2020? Szukamy też w Niemczech producenta "
                      "uszczelek silikonowych.", "pl")
    assert [a.text for a in asks] == ["Kiedy trwał projekt Alpcluster 2020",
                                      "Szukamy też w Niemczech producenta uszczelek silikonowych"]


def _passage(text: str) -> Passage:
    return Passage("p1", "d1", "Interreg", "corpus/interreg.md", "pl", text, 0.85)


@pytest.mark.parametrize(("question", "lang", "passage", "missing"), [
    # a place in an inflected form the passages use in another: mentioned
    ("Kto prowadzi projekt Interreg w Libercu?", "pl", "Projekt prowadzi agencja z Liberec.", []),
    # a town no passage names, even where a word begins alike ("szczególnie")
    ("Kto prowadzi projekt Interreg w Szczecinie?", "pl",
     "Projekt prowadzi szczególnie agencja z Liberec.", ["Szczecinie"]),
    # a lower-case programme name joined by a hyphen, in no passage
    ("Welche Zuschüsse gibt es im Programm go-digital?", "de",
     "Interreg fördert die digitale Zusammenarbeit.", ["go-digital"]),
    # a two-letter part does not make a word a name
    ("Wie viel EU-Geld bekommt das Projekt?", "de", "Das Projekt bekommt Förderung.", []),
])
def test_names_no_passage_mentions(question: str, lang: str, passage: str,
                                   missing: list[str]) -> None:
    assert _unmentioned_names(question, [_passage(passage)], Selection([], []), "", lang) \
        == missing


def test_a_hyphenated_word_is_no_name_when_the_passages_match_well() -> None:
    question = "What is the maximum co-financing rate in Interreg?"
    passages = [_passage("Interreg pays up to 80 percent of the eligible costs.")]
    assert _unmentioned_names(question, passages, Selection([], []), "", "en",
                              weak_match=False) == []
    assert _unmentioned_names(question, passages, Selection([], []), "", "en",
                              weak_match=True) == ["co-financing"]


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


def test_a_general_business_question_outside_the_documents_is_refused(
        assistant: Assistant) -> None:
    # "Mehrwertsteuer" is in no passage; "Tschechien" is in many.
    result = assistant.ask("Wie hoch ist die Mehrwertsteuer in Tschechien?", store=False)
    assert not result.answer.answered and result.answer.sources == []
    assert result.trace.gate["reason"] == "outside_corpus"


def test_a_follow_up_without_a_subject_takes_the_earlier_one(assistant: Assistant) -> None:
    first = assistant.ask("Tell me about the InnoCoopPolSax project.")
    try:
        result = assistant.ask("How much money did it have?", session_id=first.answer.session_id)
        assert result.trace.query.startswith("Tell me about the InnoCoopPolSax project.")
        assert result.answer.answered and "358" in result.answer.answer
    finally:
        assistant.conversations.erase_session(first.answer.session_id)
