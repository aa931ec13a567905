"""Every string table of every channel covers every first-class language of the one registry
(knowledge/languages.py): adding a language there and forgetting a table fails here, naming it.
"""

from __future__ import annotations

import re

import pytest

from bot import i18n
from bot.core.prompts import answer_rules, language_name
from bot.funding.texts import STRINGS as FUNDING_STRINGS
from bot.telegram.texts import COMMANDS, TEXTS
from bot.terminal_chat import CHAT_TEXTS
from bot.web.routes.pages import STATIC_DIR
from bot.web.strings import PROBLEM_STRINGS, WEB_STRINGS
from knowledge.languages import FIRST_CLASS

TABLES = {
    "bot.i18n.STRINGS": i18n.STRINGS,
    "bot.i18n.LANGUAGE_LABELS": i18n.LANGUAGE_LABELS,
    "bot.web.strings.WEB_STRINGS": WEB_STRINGS,
    "bot.web.strings.PROBLEM_STRINGS": PROBLEM_STRINGS,
    "bot.telegram.texts.TEXTS": TEXTS,
    "bot.telegram.texts.COMMANDS": COMMANDS,
    "bot.terminal_chat.CHAT_TEXTS": CHAT_TEXTS,
    "bot.funding.texts.STRINGS": FUNDING_STRINGS,
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_string_exists_in_every_first_class_language(name: str) -> None:
    missing = [f"{key}: {code}" for key, texts in TABLES[name].items()
               for code in FIRST_CLASS if not texts.get(code)]
    assert not missing, f"{name} lacks {missing}"


def test_counted_nouns_have_every_plural_form_their_language_uses() -> None:
    for noun, by_language in i18n.COUNTED.items():
        for code in FIRST_CLASS:
            assert "other" in by_language[code], (noun, code)
            assert i18n.counted(5, noun, code).startswith("5 "), (noun, code)


def test_the_channels_take_their_languages_from_the_registry() -> None:
    assert i18n.SUPPORTED == FIRST_CLASS
    assert list(i18n.LANGUAGE_NAMES) == list(FIRST_CLASS)
    assert [i18n.normalise_language(code) for code in ("pl-PL", "CZ", "sk", "fr", None)] == \
        ["pl", "cs", "cs", "en", "en"]


def test_the_model_is_told_the_answer_language_by_name() -> None:
    assert language_name("pl-PL") == "Polish"
    assert language_name("cz") == "Czech"
    assert language_name("uk") == "Ukrainian"
    assert language_name("qq") == "the language with the ISO code 'qq'"
    assert "Czech" in answer_rules("cs", [], 3)


def test_the_widget_has_strings_for_every_first_class_language() -> None:
    script = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    table = script[script.index("var STRINGS = {"):script.index("var SUPPORTED")]
    languages = re.findall(r"^    ([a-z]{2}): \{$", table, flags=re.M)
    assert set(FIRST_CLASS) <= set(languages), languages


def test_the_telegram_language_keyboard_offers_each_language_by_flag_and_name() -> None:
    from bot.telegram.keyboards import language_keyboard

    buttons = [button for row in language_keyboard().inline_keyboard for button in row]
    assert [(b.text, b.callback_data) for b in buttons] == [
        ("🇩🇪 Deutsch", "lang:de"), ("🇬🇧 English", "lang:en"), ("🇵🇱 Polski", "lang:pl"),
        ("🇨🇿 Čeština", "lang:cs")]
