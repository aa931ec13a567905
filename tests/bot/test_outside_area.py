"""A question for organisations in a place far from every organisation in the database gets
"we have no organisations in <place>" (answered false), not a list from elsewhere; a landscape
near the organisations gets its list. Extractive mode over the mini corpus and the bundled demo
organisations (real SQLite, Chroma, embedder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.i18n import STRINGS
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def assistant(company_data_dir: Path) -> Assistant:
    return Assistant(make_settings(company_data_dir))


@pytest.mark.parametrize(("question", "lang", "place"), [
    ("Which companies in Munich make injection-moulded parts?", "en", "Munich"),
    ("Kto w Hamburgu robi formowanie wtryskowe?", "pl", "Hamburg"),
])
def test_a_place_far_from_every_organisation_is_said(assistant: Assistant, question: str,
                                                      lang: str, place: str) -> None:
    result = assistant.ask(question, language=lang, store=False)
    assert result.answer.answered is False
    assert result.answer.companies == []
    assert result.answer.answer.startswith(
        STRINGS["no_organisations_in"][lang].format(places=place)), result.answer.answer
    assert result.trace.unanswered_reason == "outside_served_area"


def test_a_landscape_near_the_organisations_gets_a_list(assistant: Assistant) -> None:
    result = assistant.ask("Welche Firmen im Erzgebirge machen Pulverbeschichtung?",
                           language="de", store=False)
    assert result.answer.answered
    assert result.answer.companies
