"""Matching programmes to a funding profile on a fixture catalogue written here, against a
fixed "today"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from knowledge.programmes.matching import FundingProfile, ProgrammeMatch, match
from knowledge.programmes.reasons import render
from knowledge.programmes.records import ProgrammeRecord

TODAY = date(2026, 12, 1)
CHECKED = date(2026, 11, 20)


def programme(id: str, **facts: object) -> ProgrammeRecord:
    values: dict[str, object] = {
        "names": {"en": id.replace("-", " ").title()}, "funder": "Test funder", "kind": "grant",
        "source_url": f"https://example.org/{id}", "checked_on": CHECKED, "demo": True}
    values.update(facts)
    return ProgrammeRecord(id=id, **values)  # type: ignore[arg-type]


CATALOGUE = [
    programme("saxony-innovation", regions=("DED",), countries=("DE",),
              size_classes=("micro", "small", "medium"), purposes=("innovation_rd",),
              funding_rate_max=50.0, closes_on=TODAY + timedelta(days=12),
              funding_rate_note={"en": "medium-sized companies get 35 %",
                                 "de": "mittlere Unternehmen erhalten 35 %",
                                 "pl": "średnie przedsiębiorstwa otrzymują 35 %",
                                 "cs": "střední podniky získají 35 %"}),
    programme("saxony-closed-call", regions=("DED",), countries=("DE",),
              size_classes=("micro", "small", "medium"), purposes=("innovation_rd",),
              closes_on=TODAY - timedelta(days=1)),
    programme("liberec-trade-fairs", regions=("CZ051",), countries=("CZ",),
              size_classes=("micro", "small", "medium"), purposes=("export_trade_fairs",),
              rolling=True),
    programme("german-investment-loan", kind="loan", countries=("DE",),
              size_classes=("micro", "small", "medium", "large"), purposes=("investment",),
              min_company_age_years=2.0, rolling=True),
    programme("border-cooperation", regions=("DED", "CZ04", "CZ05", "PL51"),
              purposes=("cross_border_cooperation", "innovation_rd"),
              opens_on=TODAY + timedelta(days=60), closes_on=TODAY + timedelta(days=150)),
    programme("manufacturing-energy", countries=("PL",), regions=("PL51",), sectors=("C",),
              size_classes=("small", "medium"), purposes=("energy",),
              closes_on=TODAY + timedelta(days=90)),
    programme("advice-of-unknown-terms", kind="advice", purposes=("consulting",)),
]


def by_id(matches: list[ProgrammeMatch]) -> dict[str, ProgrammeMatch]:
    return {m.record.id: m for m in matches}


def codes(reasons: tuple) -> list[str]:  # type: ignore[type-arg]
    return [r.code for r in reasons]


def test_a_closed_call_is_never_offered_however_well_it_fits() -> None:
    profile = FundingProfile(country="DE", region="DED2", size_class="small",
                             purposes=("innovation_rd",), project_text="new sensor")
    found = match(CATALOGUE, profile, TODAY, semantic={"saxony-closed-call": 0.99})
    assert "saxony-closed-call" not in by_id(found)
    # The day it closes it is still open; the day after it is gone.
    closing = programme("last-day", closes_on=TODAY)
    assert [m.record.id for m in match([closing], profile, TODAY)] == ["last-day"]
    assert match([closing], profile, TODAY + timedelta(days=1)) == []


def test_region_by_nuts_prefix() -> None:
    dresden = by_id(match(CATALOGUE, FundingProfile(country="DE", region="DED2"), TODAY))
    assert "region_fits" in codes(dresden["saxony-innovation"].fits)
    assert "region_only" in codes(dresden["liberec-trade-fairs"].mismatches)

    liberec = by_id(match(CATALOGUE, FundingProfile(country="CZ", region="CZ051"), TODAY))
    miss = liberec["saxony-innovation"].mismatches
    assert render(miss[0], "en") == "only for companies in Saxony"
    assert render(miss[0], "de") == "nur für Unternehmen in Sachsen"
    assert render(miss[0], "pl") == "tylko dla firm w regionie: Saksonia"
    assert render(miss[0], "cs") == "jen pro firmy v regionu: Sasko"
    assert "region_fits" in codes(liberec["border-cooperation"].fits)  # CZ05 covers CZ051


def test_a_country_without_a_region_leaves_a_regional_programme_unknown() -> None:
    german = by_id(match(CATALOGUE, FundingProfile(country="DE"), TODAY))
    assert "region_unknown" in codes(german["saxony-innovation"].unknowns)
    assert german["saxony-innovation"].eligible
    # ...but a region in another country is a miss, not an unknown.
    assert "region_only" in codes(german["liberec-trade-fairs"].mismatches)
    assert "country_fits" in codes(german["german-investment-loan"].fits)


def test_unknown_size_is_said_with_the_programmes_rate_note() -> None:
    found = by_id(match(CATALOGUE, FundingProfile(country="DE", region="DED"), TODAY))
    unknown = [r for r in found["saxony-innovation"].unknowns if r.code == "size_unknown"]
    assert render(unknown[0], "en") == (
        "your size class is unknown: medium-sized companies get 35 %")
    assert render(unknown[0], "de").startswith("Ihre Größenklasse ist unbekannt: mittlere")
    # Without a note the unknown names who may apply.
    liberec = by_id(match(CATALOGUE, FundingProfile(country="CZ", region="CZ051"), TODAY))
    trade = [r for r in liberec["liberec-trade-fairs"].unknowns if r.code.startswith("size")]
    assert "small enterprise" in render(trade[0], "en")


def test_a_size_class_the_programme_excludes_is_a_mismatch() -> None:
    large = FundingProfile(country="DE", region="DED2", size_class="large")
    found = by_id(match(CATALOGUE, large, TODAY))
    assert "size_excluded" in codes(found["saxony-innovation"].mismatches)
    assert "size_fits" in codes(found["german-investment-loan"].fits)
    assert not found["saxony-innovation"].eligible


def test_deadlines_relative_to_today() -> None:
    found = by_id(match(CATALOGUE, FundingProfile(), TODAY))
    closing = [r for r in found["saxony-innovation"].fits if r.code == "closes_in"][0]
    assert render(closing, "en") == "closes in 12 days (2026-12-13)"
    assert render(closing, "de") == "Einreichung bis 13.12.2026 (noch 12 Tage)"
    assert "rolling" in codes(found["liberec-trade-fairs"].fits)
    assert "dates_unknown" in codes(found["advice-of-unknown-terms"].unknowns)
    upcoming = found["border-cooperation"].fits
    assert "opens_on" in codes(upcoming) and "open_until" in codes(upcoming)


def test_a_call_opening_after_the_project_starts_does_not_fit() -> None:
    early = FundingProfile(country="DE", region="DED2", start_date=TODAY + timedelta(days=30))
    late = FundingProfile(country="DE", region="DED2", start_date=TODAY + timedelta(days=90))
    assert "opens_after_start" in codes(
        by_id(match(CATALOGUE, early, TODAY))["border-cooperation"].mismatches)
    assert by_id(match(CATALOGUE, late, TODAY))["border-cooperation"].eligible


def test_company_age_and_sector() -> None:
    young = FundingProfile(country="DE", company_age_years=1.0)
    old = FundingProfile(country="DE", company_age_years=5.0)
    assert "age_too_young" in codes(
        by_id(match(CATALOGUE, young, TODAY))["german-investment-loan"].mismatches)
    assert "age_fits" in codes(by_id(match(CATALOGUE, old, TODAY))["german-investment-loan"].fits)
    assert "age_unknown" in codes(
        by_id(match(CATALOGUE, FundingProfile(country="DE"), TODAY))
        ["german-investment-loan"].unknowns)
    maker = FundingProfile(country="PL", region="PL51", size_class="small", sector="C")
    trader = FundingProfile(country="PL", region="PL51", size_class="small", sector="G")
    assert by_id(match(CATALOGUE, maker, TODAY))["manufacturing-energy"].eligible
    assert "sector_excluded" in codes(
        by_id(match(CATALOGUE, trader, TODAY))["manufacturing-energy"].mismatches)


def test_ranking_puts_eligible_programmes_with_the_asked_purpose_first() -> None:
    profile = FundingProfile(country="CZ", region="CZ051", size_class="small",
                             purposes=("export_trade_fairs",))
    found = match(CATALOGUE, profile, TODAY)
    assert found[0].record.id == "liberec-trade-fairs"
    eligible = [m.eligible for m in found]
    assert eligible == sorted(eligible, reverse=True), "an ineligible one ranks above another"


def test_semantic_similarity_of_the_project_orders_equal_programmes() -> None:
    twins = [programme("twin-a", countries=("DE",), rolling=True),
             programme("twin-b", countries=("DE",), rolling=True)]
    profile = FundingProfile(country="DE", project_text="a laser for welding")
    first = match(twins, profile, TODAY, semantic={"twin-a": 0.80, "twin-b": 0.88})
    second = match(twins, profile, TODAY, semantic={"twin-a": 0.88, "twin-b": 0.80})
    assert [m.record.id for m in first] == ["twin-b", "twin-a"]
    assert [m.record.id for m in second] == ["twin-a", "twin-b"]
    assert "project_similar" in codes(first[0].fits)
    assert "project_similar" not in codes(first[1].fits)


@pytest.mark.parametrize("lang", ["de", "en", "pl", "cs"])
def test_every_reason_of_a_match_renders(lang: str) -> None:
    profiles = [FundingProfile(), FundingProfile(country="DE", region="DED2", size_class="large",
                                                 company_age_years=1, sector="G",
                                                 purposes=("energy",),
                                                 start_date=TODAY + timedelta(days=10))]
    for profile in profiles:
        for found in match(CATALOGUE, profile, TODAY, semantic={"saxony-innovation": 0.9}):
            for reason in (*found.fits, *found.mismatches, *found.unknowns):
                text = render(reason, lang)
                assert text and "{" not in text, (reason, lang)


def test_only_a_purpose_mismatch_leaves_a_programme_possible() -> None:
    profile = FundingProfile(country="CZ", region="CZ051", size_class="small",
                             purposes=("energy",))
    found = by_id(match(CATALOGUE, profile, TODAY))
    assert found["liberec-trade-fairs"].possible and not found["liberec-trade-fairs"].eligible
    assert not found["saxony-innovation"].possible  # Saxony only


def test_a_whole_country_among_the_regions() -> None:
    central = programme("central", regions=("AT", "CZ", "DED"), rolling=True)
    czech = by_id(match([central], FundingProfile(country="CZ"), TODAY))["central"]
    assert "region_fits" in codes(czech.fits)
    polish = by_id(match([central], FundingProfile(country="PL"), TODAY))["central"]
    assert render(polish.mismatches[0], "en") == (
        "only for companies in Austria or Czechia or Saxony")
