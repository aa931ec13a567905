"""What the funding finder knows about an asker's company and project, and how an answer in a
chat ("in Liberec", "35 Leute", "ab März 2027") becomes a fact of it.

Everything is optional: an unknown fact stays None and matching says it is unknown rather
than guessing. Places come from the query-understanding gazetteer (cities and regions in four
languages), NUTS codes from `nuts_regions.yaml`, dates from dateparser (de, en, pl, cs).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, delete
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.db import Base, Database, utcnow
from knowledge.languages import FIRST_CLASS
from knowledge.programmes.reasons import nuts_table
from knowledge.programmes.records import PURPOSES, SIZE_CLASSES

# The facts the guided conversation asks for, in the order it asks.
QUESTIONS = ("location", "size", "project", "start")


@dataclass(frozen=True)
class FundingProfile:
    country: str | None = None             # ISO 3166-1 alpha-2
    region: str | None = None              # NUTS code, as fine as known (DED2, CZ051, PL51)
    size_class: str | None = None          # micro | small | medium | large
    purposes: tuple[str, ...] = ()
    project_text: str = ""
    start_date: date | None = None
    company_age_years: float | None = None
    sector: str | None = None              # NACE section "A".."U"
    # Where a fact came from when it was not said outright ("size from 35 employees").
    notes: dict[str, str] = field(default_factory=dict)

    def known(self, question: str) -> bool:
        """Whether the fact a guided question asks for is known."""
        if question == "location":
            return self.country is not None
        if question == "size":
            return self.size_class is not None
        if question == "project":
            return bool(self.project_text.strip() or self.purposes)
        if question == "start":
            return self.start_date is not None
        raise ValueError(question)

    def merged(self, other: FundingProfile) -> FundingProfile:
        """This profile with every fact `other` knows put over it."""
        values: dict[str, Any] = {}
        for name, value in asdict(other).items():
            if name == "notes":
                values[name] = {**self.notes, **other.notes}
            elif name == "purposes":
                values[name] = tuple(dict.fromkeys((*self.purposes, *other.purposes)))
            elif name == "project_text":
                texts = [t for t in (self.project_text, other.project_text) if t.strip()]
                values[name] = " ".join(dict.fromkeys(texts))
            elif value not in (None, "", ()):
                values[name] = value
        return replace(self, **values)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["purposes"] = list(self.purposes)
        data["start_date"] = self.start_date.isoformat() if self.start_date else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> FundingProfile:
        data = dict(data or {})
        start = data.get("start_date")
        return cls(
            country=data.get("country") or None, region=data.get("region") or None,
            size_class=data.get("size_class") if data.get("size_class") in SIZE_CLASSES else None,
            purposes=tuple(p for p in data.get("purposes") or () if p in PURPOSES),
            project_text=str(data.get("project_text") or ""),
            start_date=date.fromisoformat(start) if start else None,
            company_age_years=_float_or_none(data.get("company_age_years")),
            sector=data.get("sector") or None, notes=dict(data.get("notes") or {}))


def _float_or_none(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


# -- location ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _nuts_by_stored_name() -> dict[str, str]:
    table = nuts_table()
    names = {entry["stored"]: code for code, entry in table["regions"].items()
             if entry.get("stored")}
    return names


def nuts_for(region_name: str | None, city: str | None = None) -> str | None:
    """The NUTS code of a stored region name or city (the finer one when both are known)."""
    cities = nuts_table().get("cities") or {}
    if city and city in cities:
        return str(cities[city])
    return _nuts_by_stored_name().get(region_name or "")


def location_from_text(text: str) -> tuple[str | None, str | None]:
    """(country, NUTS code) of the place a message names: "in Liberec" -> (CZ, CZ051),
    "Sachsen" -> (DE, DED), "Polen" -> (PL, None). The most specific place wins."""
    from knowledge.understanding import places_named

    best: tuple[str | None, str | None] = (None, None)
    rank = -1
    for place in places_named(text):
        if place.kind == "city":
            code = nuts_for(place.regions[0] if place.regions else None, place.name)
            candidate, place_rank = (place.country, code), 3 if code else 1
        elif place.kind == "region":
            covered = [nuts_for(name) for name in place.regions] or [nuts_for(place.name)]
            codes = [c for c in covered if c]
            # A name covering several regions ("Nordböhmen") gives their common prefix.
            code = _common_prefix(codes) if codes else None
            candidate, place_rank = (place.country, code), 2 if code else 1
        else:
            candidate, place_rank = (place.name, None), 0
        if place_rank > rank:
            best, rank = candidate, place_rank
    return best


def _common_prefix(codes: list[str]) -> str | None:
    prefix = codes[0]
    for code in codes[1:]:
        while not code.startswith(prefix):
            prefix = prefix[:-1]
    return prefix if len(prefix) > 2 else None


# -- size ----------------------------------------------------------------------------------

_STAFF_NUMBER = re.compile(r"(?<![\d.,])(\d{1,6})(?![\d.,]*\s*(?:%|eur|€|mio|m\b|k\b))", re.I)


def size_from_text(text: str) -> tuple[str | None, str | None]:
    """(size class, note) from an answer: a class's name in any of the four languages, or a
    headcount ("35 Mitarbeiter"), which is classed by the staff ceiling alone (the financial
    ceilings are unknown then, so the note says so)."""
    from knowledge.programmes.reasons import size_class_label
    from knowledge.programmes.sme import CEILINGS

    folded = text.casefold()
    for size_class in SIZE_CLASSES:
        for lang in FIRST_CLASS:
            label = size_class_label(size_class, lang).casefold().split(" (")[0]
            if label and label in folded:
                return size_class, None
    numbers = [int(n) for n in _STAFF_NUMBER.findall(text)]
    if len(numbers) == 1:
        staff = numbers[0]
        for size_class, staff_below, _turnover, _balance in CEILINGS:
            if staff < staff_below:
                return size_class, f"staff:{staff}"
        return "large", f"staff:{staff}"
    return None, None


# -- dates ---------------------------------------------------------------------------------

def start_from_text(text: str, today: date, language: str | None = None) -> date | None:
    """The project's start from "im März 2027", "in two months", "1.4.2027", "v dubnu"."""
    import dateparser

    languages = [language] if language in FIRST_CLASS else None
    settings = {"RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
                "PREFER_DATES_FROM": "future", "PREFER_DAY_OF_MONTH": "first"}
    parsed = dateparser.parse(text, languages=languages, settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        from dateparser.search import search_dates

        found = search_dates(text, languages=languages, settings=settings)  # type: ignore[arg-type]
        parsed = found[0][1] if found else None
    return parsed.date() if parsed else None


# -- storage per chat session -----------------------------------------------------------------

class FundingProfileRow(Base):
    """One session's funding profile (migration 0007); erased with its session by cascade."""

    __tablename__ = "funding_profiles"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), primary_key=True)
    profile: Mapped[dict] = mapped_column(JSON, default=dict)
    pending: Mapped[str | None] = mapped_column(String(16), nullable=True)
    skipped: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


@dataclass(frozen=True)
class GuidedState:
    """A session's profile and where its guided conversation stands."""

    profile: FundingProfile = field(default_factory=FundingProfile)
    pending: str | None = None
    skipped: tuple[str, ...] = ()

    def next_question(self) -> str | None:
        """The first question neither answered nor skipped."""
        for question in QUESTIONS:
            if question not in self.skipped and not self.profile.known(question):
                return question
        return None


class FundingProfileStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self, session_id: str) -> GuidedState:
        with self.db.session() as s:
            row = s.get(FundingProfileRow, session_id)
            if row is None:
                return GuidedState()
            return GuidedState(FundingProfile.from_json(row.profile), row.pending,
                               tuple(q for q in row.skipped or () if q in QUESTIONS))

    def save(self, session_id: str, state: GuidedState) -> None:
        """Upsert, so two turns racing in one session cannot both insert."""
        values = {"profile": state.profile.to_json(), "pending": state.pending,
                  "skipped": list(state.skipped), "updated_at": utcnow()}
        with self.db.session() as s:
            stmt = self.db.insert(FundingProfileRow).values(session_id=session_id, **values)
            s.execute(stmt.on_conflict_do_update(index_elements=["session_id"], set_=values))

    def clear(self, session_id: str) -> None:
        with self.db.session() as s:
            s.execute(delete(FundingProfileRow).where(FundingProfileRow.session_id == session_id))


# -- purposes ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _purpose_patterns() -> dict[str, re.Pattern[str]]:
    import yaml

    from knowledge.codes import fold

    with (Path(__file__).parent / "purposes.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    patterns: dict[str, re.Pattern[str]] = {}
    for purpose, by_language in data.items():
        stems = {fold(str(word)) for words in by_language.values() for word in words}
        alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
        patterns[purpose] = re.compile(rf"(?<!\w)(?:{alternatives})")
    return patterns


def purposes_from_text(text: str) -> tuple[str, ...]:
    """The funding purposes a text names by its words, in catalogue order."""
    from knowledge.codes import fold

    folded = fold(text or "")
    return tuple(p for p, pattern in _purpose_patterns().items() if pattern.search(folded))
