"""Counted nouns follow each language's CLDR plural rules (through Babel), not `n == 1`."""

from __future__ import annotations

import pytest

from bot.i18n import counted, t


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", ["1 Wort", "2 Wörter", "5 Wörter", "22 Wörter"]),
    ("en", ["1 word", "2 words", "5 words", "22 words"]),
    ("pl", ["1 słowo", "2 słowa", "5 słów", "22 słowa"]),
    ("cs", ["1 slovo", "2 slova", "5 slov", "22 slov"]),
])
def test_counted_words_in_the_four_languages(lang: str, expected: list[str]) -> None:
    assert [counted(n, "words", lang) for n in (1, 2, 5, 22)] == expected


def test_polish_and_czech_questions_take_their_few_and_many_forms() -> None:
    assert [counted(n, "questions", "pl") for n in (1, 3, 12, 24, 25)] == [
        "1 pytanie", "3 pytania", "12 pytań", "24 pytania", "25 pytań"]
    assert [counted(n, "questions", "cs") for n in (1, 4, 5)] == [
        "1 otázka", "4 otázky", "5 otázek"]


def test_other_languages_count_in_english() -> None:
    assert counted(1, "words", "it") == "1 word"


def test_a_counted_placeholder_in_a_string_gets_its_noun() -> None:
    assert "(około 37 słów)" in t("question_shortened", "pl", words=37)
    assert "(asi 3 slova)" in t("question_shortened", "cs", words=3)
    assert "(about 1 word)" in t("question_shortened", "en", words=1)
