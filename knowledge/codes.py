"""ISO code lists (from Babel's CLDR data, shipped offline) and text folding for matching."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale

from knowledge.languages import framing_language

# CLDR also lists codes ISO 3166-1 only reserves (AC, CP, DG, EA, IC, TA) and groupings/private
# use (EU, EZ, UN, QO, X*, ZZ); none of them is a country an organisation can sit in.
_NOT_ISO_3166 = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "EZ", "UN", "QO", "XA", "XB",
                 "XK", "ZZ"}


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    codes = (c for c in Locale("en").territories if len(c) == 2 and c.isalpha())
    return frozenset(c for c in codes if c not in _NOT_ISO_3166)


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    return frozenset(c for c in Locale("en").languages if len(c) == 2 and c.isalpha())


def country_name(code: str, lang: str = "en") -> str:
    try:
        return Locale(framing_language(lang)).territories[code]
    except KeyError:
        return code


_EXTRA_FOLDS = str.maketrans({"ł": "l", "ß": "ss", "ø": "o", "đ": "d"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents: "Ústí", "Usti" and "ÚSTÍ" compare equal; "Łódź" -> "lodz"."""
    lowered = text.lower().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def list_key(values: list[str]) -> str:
    """";de;pl;" form of a list, folded, so a LIKE '%;pl;%' finds one exact member."""
    return ";" + ";".join(fold(v).strip() for v in values) + ";" if values else ""
