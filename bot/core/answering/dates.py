"""Whether a sentence states a date (not just a year inside a name) or a place.

"Das Projekt lief vom 1. Juli 2017 bis 30. Oktober 2020" dates something; "ein Projekt aus
Interreg Polen – Sachsen 2014-2020" names a programme whose name holds years. A year counts as a
date when the word before it (past day numbers and dashes) is a month (babel's names in the four
languages) or a date word from `data/asks.yaml` ("seit", "bis", "v roce", "w").
"""

from __future__ import annotations

import re
from functools import cache

from babel.dates import get_month_names

from bot.core.answering.asks import ask_words
from knowledge.languages import FIRST_CLASS

_LANGUAGES = FIRST_CLASS
_WORD = re.compile(r"[^\W_]+\.?|[-–—/]", re.UNICODE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# 30.10.2020 and 2020-10-30 carry day and month themselves.
_NUMERIC_DATE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b")


@cache
def _date_words() -> frozenset[str]:
    words: set[str] = set()
    for language in _LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = get_month_names(width, context=context, locale=language)
                words.update(name.lower().rstrip(".") for name in names.values())
        words.update(ask_words(language).date_markers)
    return frozenset(words)


def states_date(sentence: str) -> bool:
    if _NUMERIC_DATE.search(sentence):
        return True
    tokens = [m.group(0) for m in _WORD.finditer(sentence)]
    markers = _date_words()
    for n, token in enumerate(tokens):
        if not _YEAR.match(token.rstrip(".")):
            continue
        before = n - 1
        # Skip "1." / "30" (days), dashes and the first year of a range ("2017-2020").
        while before >= 0 and (tokens[before].rstrip(".").isdigit()
                               or tokens[before] in "-–—/"):
            before -= 1
        if before >= 0 and tokens[before].lower().rstrip(".") in markers:
            return True
    return False


@cache
def _place_words() -> frozenset[str]:
    return frozenset(w for language in _LANGUAGES for w in ask_words(language).place_markers)


def states_place(sentence: str) -> bool:
    """A capitalised word right after a locative preposition: "fand in Salzburg statt",
    "sídlí v Liberci". (German capitalises nouns, so "im Rahmen" passes too; the sentence must
    still be the best match for the ask by meaning.)"""
    tokens = [m.group(0) for m in _WORD.finditer(sentence)]
    markers = _place_words()
    return any(word.lower() in markers and following[:1].isupper()
               for word, following in zip(tokens, tokens[1:], strict=False))
