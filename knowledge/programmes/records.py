"""One funding programme or call, as the catalogue stores and the funding finder reads it.

The record is the contract between the catalogue (store, import, index) and the matching and
conversation code: unknown facts are None or empty, never guessed, so matching can say
"unknown" instead of pretending a programme fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = ("grant", "loan", "guarantee", "voucher", "advice", "event")
PURPOSES = ("innovation_rd", "cross_border_cooperation", "export_trade_fairs", "investment",
            "digitalisation", "energy", "consulting", "hiring_training", "founding")
SIZE_CLASSES = ("micro", "small", "medium", "large")
CURRENCIES = ("EUR", "PLN", "CZK")
# The languages whose texts (names, descriptions, how to apply) the catalogue carries.
LANGUAGES = ("de", "en", "pl", "cs")


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
