"""Turning chat answers into profile facts: places to NUTS codes, sizes, start dates."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.programmes.profile import (
    FundingProfile,
    location_from_text,
    size_from_text,
    start_from_text,
)

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("Wir sitzen in Liberec", ("CZ", "CZ051")),
    ("Naše firma je v Liberci", ("CZ", "CZ051")),
    ("in Dresden", ("DE", "DED21")),
    ("Firma in Görlitz", ("DE", "DED2D")),
    ("Firma w Jeleniej Górze", ("PL", "PL515")),
    ("Sachsen", ("DE", "DED")),
    ("Lower Silesia", ("PL", "PL51")),
    ("in Polen", ("PL", None)),
    ("Nordböhmen", ("CZ", "CZ0")),
    ("weiß ich nicht", (None, None)),
])
def test_location_from_text(text: str, expected: tuple[str | None, str | None]) -> None:
    assert location_from_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Wir sind ein kleines Unternehmen", "small"),
    ("mikropodnik", "micro"),
    ("średnie przedsiębiorstwo", "medium"),
    ("35 Mitarbeiter", "small"),
    ("we have 8 employees", "micro"),
    ("zatrudniamy 120 osób", "medium"),
    ("600 people", "large"),
    ("keine Ahnung", None),
])
def test_size_from_text(text: str, expected: str | None) -> None:
    assert size_from_text(text)[0] == expected


def test_a_headcount_says_the_size_came_from_staff_alone() -> None:
    assert size_from_text("35 Mitarbeiter") == ("small", "staff:35")


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("im März 2027", "de", date(2027, 3, 1)),
    ("w marcu 2027", "pl", date(2027, 3, 1)),
    ("v dubnu 2027", "cs", date(2027, 4, 1)),
    ("in two months", "en", date(2027, 2, 1)),
    ("1.4.2027", "de", date(2027, 4, 1)),
])
def test_start_from_text(text: str, lang: str, expected: date) -> None:
    assert start_from_text(text, TODAY, lang) == expected


def test_profile_round_trips_and_merges() -> None:
    first = FundingProfile(country="CZ", region="CZ051", purposes=("export_trade_fairs",))
    second = FundingProfile(size_class="small", purposes=("innovation_rd",),
                            start_date=date(2027, 3, 1), project_text="a trade fair in Brno")
    merged = first.merged(second)
    assert merged.region == "CZ051" and merged.size_class == "small"
    assert merged.purposes == ("export_trade_fairs", "innovation_rd")
    assert FundingProfile.from_json(merged.to_json()) == merged
    assert [q for q in ("location", "size", "project", "start") if not merged.known(q)] == []
    assert not FundingProfile().known("location")
