"""Whole answers from the real assistant on the mini corpus: every part of a compound question,
and a follow-up whose fact is missing."""

from __future__ import annotations

import pytest

from bot.core.assistant import Assistant
from knowledge.settings import Settings


@pytest.fixture
def assistant(mini_settings: Settings) -> Assistant:
    return Assistant(mini_settings)


def test_a_polish_compound_question_gets_the_lead_partner_and_the_budget(
        assistant: Assistant) -> None:
    answer = assistant.ask("Kto prowadził projekt InnoCoopPolSax i ile wynosił budżet?",
                           store=False).answer
    assert answer.answered
    assert "Wirtschaftsförderung Sachsen" in answer.answer
    assert "358" in answer.answer


def test_a_german_compound_question_gets_both_parts(assistant: Assistant) -> None:
    answer = assistant.ask("Wer ist Lead Partner von InnoCoopPolSax und wie hoch ist das "
                           "Budget?", store=False).answer
    assert answer.answered
    assert "Wirtschaftsförderung Sachsen" in answer.answer
    assert "358.000" in answer.answer


def test_a_part_the_sources_do_not_answer_is_named(assistant: Assistant) -> None:
    # The mini corpus states InnoCoopPolSax's budget but no duration.
    answer = assistant.ask("Wie hoch ist das Budget von InnoCoopPolSax und wann endet das "
                           "Projekt?", store=False).answer
    assert answer.answered
    assert "358.000" in answer.answer
    assert "Zu „wann endet das Projekt (InnoCoopPolSax)“ steht in unseren Unterlagen nichts." \
        in answer.answer


def test_a_follow_up_for_a_missing_fact_is_not_answered_with_the_previous_answer(
        assistant: Assistant) -> None:
    first = assistant.ask("Wer ist Lead Partner von InnoCoopPolSax?")
    assert first.answer.answered
    follow_up = assistant.ask("und die Laufzeit?", session_id=first.answer.session_id)
    assert not follow_up.answer.answered
    assert "Laufzeit" in follow_up.answer.answer
    assert "Wirtschaftsförderung Sachsen GmbH" not in follow_up.answer.answer
    assert follow_up.answer.sources == []


def test_a_named_project_in_the_documents_is_still_answered(assistant: Assistant) -> None:
    # The control for test_answer_bundled's KORMORAN-05: a project the corpus has.
    answer = assistant.ask("Wie hoch ist das Budget von InnoCoopPolSax?", store=False).answer
    assert answer.answered
    assert "358.000" in answer.answer
