"""The one language registry (knowledge/languages.py) and what hangs on it in knowledge/."""

from __future__ import annotations

from knowledge.codes import country_name
from knowledge.languages import (
    FALLBACK,
    FIRST_CLASS,
    base_code,
    first_class,
    flag,
    framing_language,
    name_in,
    native_name,
    native_names,
)
from knowledge.programmes.reasons import language as programme_language
from knowledge.understanding.lexicon import DATA_DIR, LANGUAGES, word_lists


def test_codes_are_reduced_to_the_language() -> None:
    assert base_code("pl-PL") == "pl"
    assert base_code("cs_CZ") == "cs"
    assert base_code("CZ") == "cs"  # the country code people write for Czech
    assert base_code(None) == ""
    assert first_class("de-AT") == "de"
    assert first_class("sk") is None


def test_other_languages_are_framed_in_the_fallback() -> None:
    assert FALLBACK in FIRST_CLASS
    assert framing_language("fr") == FALLBACK
    # Slovak readers read Czech: framed in Czech, not in the fallback.
    assert framing_language("sk") == "cs"
    assert framing_language("sk-SK") == "cs"
    assert framing_language(None) == FALLBACK
    assert framing_language("cz") == "cs"
    # The programme texts follow the same rule.
    assert [programme_language(code) for code in ("pl-PL", "cz", "uk")] == ["pl", "cs", "en"]


def test_names_come_from_cldr() -> None:
    assert native_names() == {"de": "Deutsch", "en": "English", "pl": "Polski", "cs": "Čeština"}
    assert list(native_names()) == list(FIRST_CLASS)
    assert native_name("sk") == "Slovenčina"
    assert name_in("pl", "en") == "Polish"
    assert name_in("cs", "de") == "Tschechisch"
    assert name_in("qq", "en") is None
    # A name asked for in a language that is not first-class comes in its framing language.
    assert name_in("de", "fr") == "German"
    assert name_in("de", "sk") == "němčina"


def test_country_names_follow_the_registry() -> None:
    assert country_name("CZ", "pl") == "Czechy"
    assert country_name("PL", "cs") == "Polsko"
    assert country_name("DE", "fr") == "Germany"  # not first-class: the fallback
    assert country_name("DE", "sk") == "Německo"  # Slovak is framed in Czech


def test_every_first_class_language_has_its_word_lists() -> None:
    assert LANGUAGES == FIRST_CLASS
    lists = word_lists()
    for code in FIRST_CLASS:
        assert (DATA_DIR / "words" / f"{code}.yaml").is_file(), code
        assert lists[code].stop, code


def test_flags_stand_for_the_country_users_expect() -> None:
    assert [flag(code) for code in FIRST_CLASS] == ["🇩🇪", "🇬🇧", "🇵🇱", "🇨🇿"]
    assert flag("sk") == "🇸🇰"  # from CLDR's likeliest country
    assert flag("qq") == ""
