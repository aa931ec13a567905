"""Whole answers on the bundled corpus (what `lotse bootstrap` builds: every document in four
languages, the demo organisations): a project named in no document, a follow-up for a fact the
corpus lacks, and Czech answers quoting each fact once, in Czech."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def assistant(bundled_data_dir: Path) -> Assistant:
    return Assistant(make_settings(bundled_data_dir))


def test_a_project_in_no_document_is_not_answered_with_another_ones_budget(
        assistant: Assistant) -> None:
    # The bundled corpus answers "Wie hoch ist das Budget von ..." strongly for InnoCoopPolSax,
    # whose budget (358.000 Euro) this answer used to quote.
    answer = assistant.ask("Wie hoch ist das Budget von KORMORAN-05?", store=False).answer
    assert not answer.answered
    assert "358" not in answer.answer
    assert "KORMORAN-05" in answer.answer
    assert answer.sources == []


def test_a_follow_up_for_a_missing_fact_lists_no_organisations_either(
        assistant: Assistant) -> None:
    # The rewritten follow-up still says "Lead Partner", which brings up organisation records;
    # none of them states the project's duration.
    first = assistant.ask("Wer ist Lead Partner von InnoCoopPolSax?")
    follow_up = assistant.ask("und die Laufzeit?", session_id=first.answer.session_id).answer
    assert not follow_up.answered
    assert follow_up.companies == []
    assert "Laufzeit" in follow_up.answer


def test_a_czech_compound_question_is_answered_in_czech_without_the_german_twin(
        assistant: Assistant) -> None:
    answer = assistant.ask("Kdo vede projekt Glokalisierung a jaký je jeho rozpočet?",
                           store=False).answer
    assert answer.answered
    assert "Wirtschaftsförderung Sachsen" in answer.answer
    assert "610 799,70" in answer.answer
    # The German page states the same budget; one fact is quoted once, in Czech.
    assert "610.799,70" not in answer.answer
    assert "Budget" not in answer.answer


def test_a_budget_stated_in_two_czech_documents_is_quoted_once(assistant: Assistant) -> None:
    # The project page and the programme page both give InnoCoopPolSax's 358 000 eur.
    answer = assistant.ask("Jaký je rozpočet projektu InnoCoopPolSax?", store=False).answer
    assert answer.answered
    assert answer.answer.count("358") == 1
