"""Language of questions, including short ones and ones naming German institutions."""

from __future__ import annotations

import pytest

from knowledge.language import detect_language, without_names


@pytest.mark.parametrize(("question", "expected"), [
    ("What was the ERDF funding of THINGS+?", "en"),
    ("Who is the contact person for Glokalisierung?", "en"),
    ("What is the phone number of Wirtschaftsförderung Sachsen?", "en"),
    ("Jak mogę skontaktować się z Wirtschaftsförderung Sachsen?", "pl"),
    ("Kdo jsou přidružení partneři projektu Glokalisierung?", "cs"),
    ("Was ist ein Lead Partner bei Interreg?", "de"),
    ("Může moje firma sama žádat o podporu z Interregu?", "cs"),
    ("und in Polen?", "de"),
    ("and in Poland?", "en"),
    ("a w Czechach?", "pl"),
    ("a v Polsku?", "cs"),
    ("Kto prowadził projekt InnoCoopPolSax?", "pl"),
    ("Jaký byl rozpočet projektu Glokalisierung?", "cs"),
    ("Wo sitzt das TGZ Bautzen?", "de"),
    ("Jakie usługi oferuje KARR?", "pl"),
    ("Kdo je kontaktní osoba pro veletrhy?", "cs"),
    ("Hallo", "de"),
    ("Dziękuję", "pl"),
    ("Děkuji", "cs"),
    ("Ich suche einen Zulieferer für Pulverbeschichtung in Tschechien", "de"),
    ("Szukam partnera do obróbki CNC w Saksonii, który mówi po polsku", "pl"),
    ("Hledám dodavatele práškového lakování v Sasku", "cs"),
    ("What does TGZ Bautzen do?", "en"),
    ("Write me a poem about the sea, please.", "en"),
    # Czech letters that none of de/en/pl has decide a three-word question.
    ("Co znamená servitizace?", "cs"),
    ("Kdo zajistí školení?", "cs"),
])
def test_question_language(question: str, expected: str) -> None:
    assert detect_language(question) == expected


def test_names_and_acronyms_are_set_aside_but_sentence_starts_stay() -> None:
    assert without_names("Who leads InnoCoopPolSax at Wirtschaftsförderung Sachsen?") == \
        "Who leads at"
    # Numbers carry no letters, so they stay (the word tokenizer skips them anyway).
    assert without_names("Was kostet THINGS+ 2020? Wer zahlt?") == "Was kostet 2020? Wer zahlt?"


def test_no_words_gives_the_default() -> None:
    assert detect_language("???", default="pl") == "pl"
