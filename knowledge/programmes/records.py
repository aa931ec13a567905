"""One funding programme or call, as the catalogue stores and the funding finder reads it.

The record is the contract between the catalogue (store, import, index) and the matching and
conversation code: unknown facts are None or empty, never guessed, so matching can say
"unknown" instead of pretending a programme fits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from knowledge.codes import country_codes, language_codes
from knowledge.companies.records import _FALSE, _ID, _TRUE, RowError, _split_list, _text
from knowledge.languages import FIRST_CLASS

KINDS = ("grant", "loan", "guarantee", "voucher", "advice", "event")
PURPOSES = ("innovation_rd", "cross_border_cooperation", "export_trade_fairs", "investment",
            "digitalisation", "energy", "consulting", "hiring_training", "founding")
SIZE_CLASSES = ("micro", "small", "medium", "large")
CURRENCIES = ("EUR", "PLN", "CZK")
# The languages whose texts (names, descriptions, how to apply) the catalogue carries.
LANGUAGES = FIRST_CLASS


# kw_only: the facts every record must have (id, names, funder, kind, source, checked date) are
# required wherever they stand, and nobody builds a record by position.
@dataclass(frozen=True, kw_only=True)
class ProgrammeRecord:
    id: str                                   # slug, unique
    names: dict[str, str]                     # language code -> name; at least one
    funder: str
    kind: str                                 # one of KINDS
    purposes: tuple[str, ...] = ()            # each one of PURPOSES
    size_classes: tuple[str, ...] = ()        # each one of SIZE_CLASSES; empty = unknown
    legal_forms: tuple[str, ...] = ()         # free text codes; empty = unknown/any
    min_company_age_years: float | None = None
    countries: tuple[str, ...] = ()           # ISO 3166-1 alpha-2
    regions: tuple[str, ...] = ()             # NUTS codes; empty = whole countries
    sectors: tuple[str, ...] = ()             # NACE sections "A".."U"; empty = all sectors
    amount_min: float | None = None
    amount_max: float | None = None
    currency: str | None = None               # one of CURRENCIES
    funding_rate_max: float | None = None     # percent, e.g. 80.0
    funding_rate_note: dict[str, str] = field(default_factory=dict)
    de_minimis: bool | None = None
    opens_on: date | None = None
    closes_on: date | None = None
    rolling: bool = False
    how_to_apply: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    contact_org_id: str | None = None         # id of an organisation record
    url: str | None = None                    # where to apply / read more
    source_url: str                           # where the facts come from
    checked_on: date                          # when the facts were checked
    demo: bool = False                        # fictional record, for demos and tests only

    def __hash__(self) -> int:
        # The generated hash would hash the dict fields and fail; equal records share an id.
        return hash(self.id)

    def name(self, language: str) -> str:
        """The name in `language`, else English, German, or any name the record has."""
        for code in (language, "en", "de", *self.names):
            if self.names.get(code):
                return self.names[code]
        return self.id

    def text(self, texts: dict[str, str], language: str) -> str | None:
        """One of the per-language fields in `language`, falling back like `name`."""
        for code in (language, "en", "de", *texts):
            if texts.get(code):
                return texts[code]
        return None

    def is_closed(self, today: date) -> bool:
        return self.closes_on is not None and self.closes_on < today


# -- the import/export contract -------------------------------------------------------------
# Per-language texts are one column per language ("names.de", "description.pl"); in JSON they
# may also be objects ({"names": {"de": ...}}), which are read as the same columns.
TEXT_FIELDS = ("names", "funding_rate_note", "how_to_apply", "description")
LIST_FIELDS = ("purposes", "size_classes", "legal_forms", "countries", "regions", "sectors")
# Column order of exports; "<field>.*" stands for one column per language.
COLUMN_ORDER = ("id", "names.*", "funder", "kind", "purposes", "size_classes", "legal_forms",
                "min_company_age_years", "countries", "regions", "sectors", "amount_min",
                "amount_max", "currency", "funding_rate_max", "funding_rate_note.*",
                "de_minimis", "opens_on", "closes_on", "rolling", "how_to_apply.*",
                "description.*", "contact_org_id", "url", "source_url", "checked_on", "demo")
REQUIRED = ("id", "funder", "kind", "source_url", "checked_on")
NACE_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")


class ProgrammeColumns:
    """The allowed column names: the fixed ones and "<text field>.<ISO 639-1 code>"."""

    def __contains__(self, column: object) -> bool:
        if not isinstance(column, str):
            return False
        base, _, language = column.partition(".")
        if language:
            return base in TEXT_FIELDS and language in language_codes()
        return column in COLUMN_ORDER

    def __iter__(self) -> Iterator[str]:
        return iter(COLUMN_ORDER)

    def __len__(self) -> int:
        return len(COLUMN_ORDER)


COLUMNS = ProgrammeColumns()


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    from babel import Locale

    return frozenset(code for code in Locale("en").currencies if len(code) == 3)


# NUTS codes: the country's two letters, then up to three letters or digits (DED, PL51, CZ051).
_NUTS = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
# The EU uses EL for Greece in NUTS; every other NUTS prefix is the ISO country code.
_NUTS_COUNTRY = {"EL": "GR"}


def flatten(raw: dict[str, Any]) -> dict[str, Any]:
    """JSON objects for per-language texts -> the "<field>.<lang>" columns a sheet has."""
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        if key in TEXT_FIELDS and isinstance(value, dict):
            for language, text in value.items():
                flat[f"{key}.{language}"] = text
        else:
            flat[str(key)] = value
    return flat


def _number(value: Any) -> float | None:
    """A number or None; raises ValueError for text that is not one ("about 5000")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(value)
    return float(text)


def _date(value: Any) -> date | None:
    """An ISO date (2027-03-31), or the date a spreadsheet cell holds; raises ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _flag(value: Any) -> bool | None:
    """True, False, or None for an empty cell; raises ValueError for anything else."""
    if isinstance(value, bool):
        return value
    text = (_text(value) or "").lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(value)


def validate_row(row: int | str, raw: dict[str, Any]) -> tuple[ProgrammeRecord | None,
                                                                 list[RowError]]:
    """One raw record (strings from CSV/XLSX, typed values from JSON) -> record or errors."""
    raw = flatten(raw)
    errors: list[RowError] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowError(row, column, message))

    for column in raw:
        if column not in COLUMNS:
            base = column.partition(".")[0]
            if base in TEXT_FIELDS:
                fail(column, "unknown language code (use ISO 639-1, e.g. de, en, pl, cs)")
            else:
                fail(column, "unknown column; allowed: " + ", ".join(COLUMN_ORDER))
    for column in REQUIRED:
        if _text(raw.get(column)) is None:
            fail(column, "required value is missing")
    values: dict[str, Any] = {}

    ident = _text(raw.get("id"))
    if ident is not None and not _ID.match(ident):
        fail("id", f"'{ident}' is not a usable id (letters, digits, . _ : - only, at most "
                   "128 characters)")
    values["id"] = ident
    values["funder"] = _text(raw.get("funder"))

    for name in TEXT_FIELDS:
        texts: dict[str, str] = {}
        for column, value in raw.items():
            base, _, language = column.partition(".")
            if base == name and language and column in COLUMNS and _text(value):
                texts[language] = str(value).strip()
        values[name] = texts
    if not values["names"]:
        fail("names", "at least one name is needed (a column like names.de or names.en)")

    kind = (_text(raw.get("kind")) or "").lower()
    if kind and kind not in KINDS:
        fail("kind", f"'{kind}' is not one of {', '.join(KINDS)}")
    values["kind"] = kind

    allowed_lists = {"purposes": PURPOSES, "size_classes": SIZE_CLASSES}
    for column in LIST_FIELDS:
        items = list(dict.fromkeys(_split_list(raw.get(column))))
        if column in allowed_lists:
            items = [i.lower() for i in items]
            for item in items:
                if item not in allowed_lists[column]:
                    fail(column, f"'{item}' is not one of {', '.join(allowed_lists[column])}")
        elif column in ("countries", "regions", "sectors"):
            items = [i.upper() for i in items]
        values[column] = tuple(items)
    for code in values["countries"]:
        if code not in country_codes():
            fail("countries", f"unknown country code '{code}' (use ISO 3166-1 alpha-2, "
                              "e.g. DE, PL, CZ)")
    for code in values["regions"]:
        if not _NUTS.match(code):
            fail("regions", f"'{code}' is not a NUTS code (e.g. DED, PL51, CZ051)")
        elif values["countries"] and _NUTS_COUNTRY.get(code[:2], code[:2]) not in \
                values["countries"]:
            fail("regions", f"'{code}' lies outside the countries "
                            f"{', '.join(values['countries'])}")
    for code in values["sectors"]:
        if code not in NACE_SECTIONS:
            fail("sectors", f"'{code}' is not a NACE section (a letter A to U)")

    for column in ("min_company_age_years", "amount_min", "amount_max", "funding_rate_max"):
        try:
            number = _number(raw.get(column))
        except ValueError:
            fail(column, f"'{raw.get(column)}' is not a number")
            number = None
        if number is not None and number < 0:
            fail(column, f"{number:g} is negative")
        if number is not None and column == "funding_rate_max" and number > 100:
            fail(column, f"{number:g} is more than 100 percent")
        values[column] = number
    if values["amount_min"] is not None and values["amount_max"] is not None and \
            values["amount_min"] > values["amount_max"]:
        fail("amount_max", f"{values['amount_max']:g} is below amount_min "
                           f"{values['amount_min']:g}")
    currency = _text(raw.get("currency"))
    if currency is not None:
        currency = currency.upper()
        if currency not in currency_codes():
            fail("currency", f"unknown currency code '{currency}' (use ISO 4217, e.g. EUR, "
                             "PLN, CZK)")
    elif values["amount_min"] is not None or values["amount_max"] is not None:
        fail("currency", "an amount needs its currency (e.g. EUR, PLN, CZK)")
    values["currency"] = currency

    for column in ("opens_on", "closes_on", "checked_on"):
        try:
            values[column] = _date(raw.get(column))
        except ValueError:
            fail(column, f"'{raw.get(column)}' is not a date (use YYYY-MM-DD)")
            values[column] = None
    if values["opens_on"] and values["closes_on"] and values["opens_on"] > values["closes_on"]:
        fail("closes_on", f"{values['closes_on']} is before opens_on {values['opens_on']}")

    for column, default in (("de_minimis", None), ("rolling", False), ("demo", False)):
        try:
            flag = _flag(raw.get(column))
        except ValueError:
            fail(column, f"'{raw.get(column)}' is not true or false")
            flag = None
        values[column] = default if flag is None else flag

    for column in ("contact_org_id", "url", "source_url"):
        values[column] = _text(raw.get(column))
    if values["contact_org_id"] and not _ID.match(values["contact_org_id"]):
        fail("contact_org_id", f"'{values['contact_org_id']}' is not a usable organisation id")
    if values["url"] and not re.match(r"^https?://\S+$", values["url"]):
        fail("url", f"'{values['url']}' is not an http(s) address")

    if errors:
        return None, errors
    return ProgrammeRecord(**values), []


def to_row(record: ProgrammeRecord) -> dict[str, Any]:
    """The record as JSON-ready values: lists as arrays, per-language texts as objects, dates
    as ISO strings (what JSON and JSONL exports write and imports read back)."""
    out: dict[str, Any] = {}
    for f in fields(ProgrammeRecord):
        value = getattr(record, f.name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[f.name] = value
    return out
