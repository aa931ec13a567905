"""The one registry of the languages Lotse speaks.

First-class languages have everything: interface strings on every channel, answer framing,
word lists and place names for reading questions (knowledge/understanding/data), programme
texts. Any other language is answered best-effort through the multilingual embeddings, framed
in English, or in the first-class language its readers understand (Slovak: Czech). Adding a
language starts here; docs/ARCHITECTURE.md lists the rest.

Names of languages come from CLDR (Babel), not from tables of our own.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

FIRST_CLASS: tuple[str, ...] = ("de", "en", "pl", "cs")
# The framing language for every language that is not first-class.
FALLBACK = "en"
# Languages whose readers understand a first-class one better than the fallback: Slovak and
# Czech are mutually intelligible, so a Slovak question (or a Czech one typed without
# diacritics, which language identification often reads as Slovak) is framed in Czech.
_READ_AS = {"sk": "cs"}
# What people write for a language instead of its ISO 639-1 code (the country code for Czech).
_ALIASES = {"cz": "cs"}
# The country whose flag stands for a language on buttons, where CLDR's likeliest country is
# not the one our users expect (English: the United Kingdom, not the United States).
_FLAG_COUNTRY = {"en": "GB"}


def base_code(code: str | None) -> str:
    """"pl-PL", "cs_CZ", "CZ" -> "pl", "cs", "cs": the language alone, lower case."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return _ALIASES.get(base, base)


def first_class(code: str | None) -> str | None:
    """The first-class language `code` stands for, or None."""
    base = base_code(code)
    return base if base in FIRST_CLASS else None


def framing_language(code: str | None) -> str:
    """The language an answer is framed in: `code` when it is first-class, else the first-class
    language its readers understand (Slovak: Czech), else the fallback."""
    return first_class(code) or _READ_AS.get(base_code(code)) or FALLBACK


@cache
def native_name(code: str) -> str:
    """The language's name in itself, capitalised as a menu item: "Polski", "Čeština"."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


@cache
def name_in(code: str, in_language: str) -> str | None:
    """The language's name in another language ("Polish", "Polnisch"); None when CLDR does
    not know the code."""
    try:
        return Locale.parse(framing_language(in_language)).languages.get(base_code(code))
    except (ValueError, UnknownLocaleError):
        return None


def native_names() -> dict[str, str]:
    """First-class code -> its name in itself, in registry order (menus, pickers)."""
    return {code: native_name(code) for code in FIRST_CLASS}


@cache
def flag(code: str) -> str:
    """The flag emoji shown beside the language's name ("🇵🇱 Polski"); empty when no country
    is known for it."""
    base = base_code(code)
    country = _FLAG_COUNTRY.get(base)
    if country is None:
        likely = str(get_global("likely_subtags").get(base, ""))
        country = likely.split("_")[-1] if likely.count("_") == 2 else ""
    if len(country) != 2 or not country.isalpha():
        return ""
    # A flag is the country's two letters as regional indicator symbols.
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in country.upper())
