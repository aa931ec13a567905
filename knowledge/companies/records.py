"""One organisation as the import contract describes it, and how each field is validated.

Validation reports every problem with its row and column instead of stopping at the first, so
a staff member can fix a spreadsheet in one pass.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

from knowledge.codes import country_codes, language_codes
from knowledge.companies.models import KINDS, LIST_FIELDS

# Column order of the import contract (docs/USAGE.md "Organisations", docs/ARCHITECTURE.md);
# exports write exactly these, in this order.
COLUMNS = ("id", "name", "kind", "country", "region", "city", "postcode", "address", "website",
           "email", "phone", "contact_person", "languages", "sectors", "offers", "seeks",
           "description", "employees", "founded", "certifications", "demo")
REQUIRED = ("id", "name", "country")
_TRUE = {"true", "1", "yes", "y", "ja", "tak", "ano", "x"}
_FALSE = {"false", "0", "no", "n", "nein", "nie", "ne", ""}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}$")


@dataclass
class OrganisationData:
    id: str
    name: str
    country: str
    kind: str = "company"
    region: str | None = None
    city: str | None = None
    postcode: str | None = None
    address: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    contact_person: str | None = None
    languages: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    offers: str | None = None
    seeks: str | None = None
    description: str | None = None
    employees: int | None = None
    founded: int | None = None
    certifications: list[str] = field(default_factory=list)
    demo: bool = False

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {name: data[name] for name in COLUMNS}

    @classmethod
    def from_model(cls, row: Any) -> OrganisationData:
        values = {f.name: getattr(row, f.name) for f in fields(cls)}
        for name in LIST_FIELDS:
            values[name] = list(values[name] or [])
        values["demo"] = bool(values["demo"])
        return cls(**values)

    def profile_text(self) -> str:
        """What the organisation is and offers: the passage a question is compared with."""
        parts = [self.name, ", ".join(self.sectors), self.offers or "", self.description or ""]
        return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())

    def seeks_text(self) -> str:
        return (self.seeks or "").strip()


@dataclass(frozen=True)
class RowError:
    row: int | str
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row != "" else "file"
        return f"{where}, column '{self.column}': {self.message}" if self.column else \
            f"{where}: {self.message}"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn postcodes and phone numbers into floats
    text = str(value).strip()
    return text or None


def _split_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    return [str(item).strip() for item in items if str(item).strip()]


def _integer(value: Any) -> int | None:
    """An integer or None; raises ValueError for anything else (also 12.5 and "about 40")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(value)
    return int(text)


def validate_row(row: int | str, raw: dict[str, Any]) -> tuple[OrganisationData | None,
                                                                 list[RowError]]:
    """One raw record (strings from CSV/XLSX, typed values from JSON) -> data or errors."""
    errors: list[RowError] = []
    for column in raw:
        if column not in COLUMNS:
            errors.append(RowError(row, str(column), "unknown column; allowed: "
                                   + ", ".join(COLUMNS)))
    values: dict[str, Any] = {}
    for column in REQUIRED:
        if _text(raw.get(column)) is None:
            errors.append(RowError(row, column, "required value is missing"))

    ident = _text(raw.get("id"))
    if ident is not None and not _ID.match(ident):
        errors.append(RowError(row, "id", f"'{ident}' is not a usable id (letters, digits, "
                               ". _ : - only, at most 128 characters)"))
    values["id"] = ident
    values["name"] = _text(raw.get("name"))

    kind = (_text(raw.get("kind")) or "company").lower()
    if kind not in KINDS:
        errors.append(RowError(row, "kind", f"'{kind}' is not one of {', '.join(KINDS)}"))
    values["kind"] = kind

    country = _text(raw.get("country"))
    if country is not None:
        country = country.upper()
        if country not in country_codes():
            errors.append(RowError(row, "country", f"unknown country code '{country}' "
                                   "(use ISO 3166-1 alpha-2, e.g. DE, PL, CZ)"))
    values["country"] = country

    for column in ("region", "city", "postcode", "address", "website", "email", "phone",
                   "contact_person", "offers", "seeks", "description"):
        values[column] = _text(raw.get(column))
    email = values["email"]
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        errors.append(RowError(row, "email", f"'{email}' is not an e-mail address"))

    languages = [code.lower() for code in _split_list(raw.get("languages"))]
    for code in languages:
        if code not in language_codes():
            errors.append(RowError(row, "languages", f"unknown language code '{code}' "
                                   "(use ISO 639-1, e.g. de, pl, cs, en)"))
    values["languages"] = list(dict.fromkeys(languages))
    values["sectors"] = list(dict.fromkeys(_split_list(raw.get("sectors"))))
    values["certifications"] = list(dict.fromkeys(_split_list(raw.get("certifications"))))

    for column in ("employees", "founded"):
        try:
            number = _integer(raw.get(column))
        except ValueError:
            errors.append(RowError(row, column, f"'{raw.get(column)}' is not a whole number"))
            continue
        if number is not None and column == "employees" and number < 0:
            errors.append(RowError(row, column, f"{number} is negative"))
        if number is not None and column == "founded" and not 1000 <= number <= \
                date.today().year + 1:
            errors.append(RowError(row, column, f"{number} is not a plausible year"))
        values[column] = number

    demo = raw.get("demo")
    if isinstance(demo, bool):
        values["demo"] = demo
    else:
        flag = (_text(demo) or "").lower()
        if flag in _TRUE:
            values["demo"] = True
        elif flag in _FALSE:
            values["demo"] = False
        else:
            errors.append(RowError(row, "demo", f"'{demo}' is not true or false"))

    if errors:
        return None, errors
    return OrganisationData(**values), []
