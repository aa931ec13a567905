"""Reasons as codes with parameters, and their texts in German, English, Polish and Czech.

The SME check and the matching say *why* as `Reason(code, params)`; channels render them in
the asker's language with `render`. Parameters that name a size class, a purpose, a region or a
date are translated here too, so the deciding code never formats text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.languages import framing_language


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, dict[str, str]]]:
    with (Path(__file__).parent / "reasons.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def reason_codes() -> list[str]:
    return list(_texts()["reasons"])


_JOIN = {"de": " oder ", "en": " or ", "pl": " lub ", "cs": " nebo "}


def language(lang: str | None) -> str:
    return framing_language(lang)


def size_class_label(size_class: str, lang: str) -> str:
    return _texts()["size_classes"].get(size_class, {}).get(language(lang), size_class)


def purpose_label(purpose: str, lang: str) -> str:
    return _texts()["purposes"].get(purpose, {}).get(language(lang), purpose)


@lru_cache(maxsize=1)
def nuts_table() -> dict[str, Any]:
    with (Path(__file__).parent / "nuts_regions.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def region_label(code: str, lang: str) -> str:
    """A NUTS code as a name in the asker's language; a code no table knows stays a code."""
    entry = nuts_table()["regions"].get(code.upper())
    if entry:
        return str(entry.get(language(lang), code))
    if len(code) == 2:  # a whole country among the regions (Interreg Central Europe: "AT")
        from knowledge.codes import country_name

        return country_name(code.upper(), language(lang))
    return code


def format_date(value: date, lang: str) -> str:
    return value.strftime("%d.%m.%Y") if language(lang) in ("de", "pl", "cs") else value.isoformat()


def render(reason: Reason, lang: str | None) -> str:
    """One reason in the asker's language (English for languages without texts)."""
    code = language(lang)
    texts = _texts()["reasons"][reason.code]
    params: dict[str, Any] = {}
    for key, value in reason.params.items():
        if key in ("size_class", "this_year", "previous"):
            params[key] = size_class_label(str(value), code)
        elif key == "allowed":
            params[key] = _JOIN[code].join(size_class_label(v, code) for v in value)
        elif key == "purposes":
            params[key] = ", ".join(purpose_label(v, code) for v in value)
        elif key == "regions":
            params[key] = _JOIN[code].join(region_label(v, code) for v in value)
        elif key == "countries":
            from knowledge.codes import country_name

            params[key] = _JOIN[code].join(country_name(v, code) for v in value)
        elif key == "sectors":
            params[key] = ", ".join(value)
        elif key == "investor":
            params[key] = _texts()["investors"].get(str(value), {}).get(code, str(value))
        elif isinstance(value, date):
            params[key] = format_date(value, code)
        elif isinstance(value, dict):  # per-language text (a funding-rate note)
            params[key] = value.get(code) or value.get("en") or next(iter(value.values()), "")
        else:
            params[key] = value
    return texts.get(code, texts["en"]).format(**params)
