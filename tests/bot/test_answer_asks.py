"""Questions split into their asks, names, and dates (no stores needed)."""

from __future__ import annotations

import pytest

from bot.core.answering.asks import carried_names, is_strong_name, name_words, split_asks
from bot.core.answering.dates import states_date


@pytest.mark.parametrize(("question", "language", "asks"), [
    ("Kto prowadził projekt InnoCoopPolSax i ile wynosił budżet?", "pl",
     ["Kto prowadził projekt InnoCoopPolSax", "ile wynosił budżet"]),
    ("Wer ist Lead Partner von InnoCoopPolSax und wie hoch ist das Budget?", "de",
     ["Wer ist Lead Partner von InnoCoopPolSax", "wie hoch ist das Budget"]),
    ("Kdo vede projekt Glokalisierung a jaký je jeho rozpočet?", "cs",
     ["Kdo vede projekt Glokalisierung", "jaký je jeho rozpočet"]),
    ("Who leads THINGS+, what was its budget and when did it end?", "en",
     ["Who leads THINGS+", "what was its budget", "when did it end"]),
])
def test_a_compound_question_is_split_where_a_new_ask_opens(
        question: str, language: str, asks: list[str]) -> None:
    assert [ask.text for ask in split_asks(question, language)] == asks


@pytest.mark.parametrize(("question", "language"), [
    ("Gibt es Förderung für die Zusammenarbeit zwischen Polen und Sachsen?", "de"),
    ("Jakie wsparcie dla firm z Polski i Saksonii?", "pl"),
    ("Hledám dodavatele v Liberci a v Drážďanech.", "cs"),
])
def test_a_joiner_inside_one_ask_does_not_split_it(question: str, language: str) -> None:
    assert len(split_asks(question, language)) == 1


def test_later_asks_inherit_the_names_of_the_earlier_ones() -> None:
    first, second = split_asks("Kto prowadził projekt InnoCoopPolSax i ile wynosił budżet?", "pl")
    assert first.inherited == []
    assert second.inherited == ["InnoCoopPolSax"]
    assert second.query == "ile wynosił budżet InnoCoopPolSax"


def test_an_ask_naming_its_own_subject_inherits_nothing() -> None:
    first, second = split_asks("Co je EFRR a co je Interreg?", "cs")
    assert (first.inherited, second.inherited) == ([], [])


def test_a_follow_up_loses_its_leading_joiner_and_keeps_the_conversations_names() -> None:
    (ask,) = split_asks("und die Laufzeit?", "de")
    assert ask.text == "die Laufzeit"
    rewritten = "Wer ist Lead Partner von InnoCoopPolSax? und die Laufzeit?"
    assert carried_names(rewritten, "und die Laufzeit?", "de") == ["InnoCoopPolSax"]


def test_names_are_told_by_their_shape_not_by_a_german_capital() -> None:
    assert is_strong_name("KORMORAN-05")
    assert is_strong_name("InnoCoopPolSax")
    assert not is_strong_name("Budget")
    assert name_words("Wie hoch ist das Budget von KORMORAN-05?", "de") == ["KORMORAN-05"]
    # Where only names are capitalised, a capital after the first word marks one.
    assert name_words("Jaki budżet ma projekt Glokalisierung?", "pl") == ["Glokalisierung"]


@pytest.mark.parametrize(("sentence", "dated"), [
    ("Ein Projekt ist THINGS+ (1. Juli 2017 bis 30. Oktober 2020).", True),
    ("Projekt trwał od lipca 2017 do października 2020.", True),
    ("Projekt začal v roce 2019.", True),
    ("The office has advised companies since 2019.", True),
    # Years inside a programme's or project's name date nothing.
    ("InnoCoopPolSax ist ein Projekt aus dem Programm Interreg Polen – Sachsen 2014-2020.",
     False),
    ("Alpcluster 2020 unterstützt KMU im Alpenraum.", False),
])
def test_a_date_is_a_year_after_a_month_or_date_word(sentence: str, dated: bool) -> None:
    assert states_date(sentence) is dated
