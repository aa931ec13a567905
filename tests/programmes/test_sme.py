"""The EU SME check (Recommendation 2003/361/EC): cases in the manner of the Commission's user
guide to the SME definition (retold with our own figures), the ceilings' boundaries, and the
reasons in four languages."""

from __future__ import annotations

import re

import pytest

from knowledge.programmes.reasons import render
from knowledge.programmes.sme import Figures, Stake, annual_work_units, check_sme

M = 1_000_000.0


def size(staff: float, turnover: float, balance: float, *stakes: Stake) -> str:
    return check_sme(Figures(staff, turnover, balance), list(stakes)).size_class


# -- the ceilings and their boundaries -----------------------------------------------------

@pytest.mark.parametrize(("staff", "turnover", "balance", "expected"), [
    (249, 50 * M, 43 * M, "medium"),          # every figure exactly at the medium ceilings
    (250, 50 * M, 43 * M, "large"),           # the staff ceiling is "fewer than 250"
    (249, 50 * M + 1, 43 * M + 1, "large"),   # both financial ceilings exceeded
    (249, 60 * M, 43 * M, "medium"),          # turnover over, balance sheet holds
    (249, 50 * M, 45 * M, "medium"),          # balance sheet over, turnover holds
    (49, 10 * M, 10 * M, "small"),
    (50, 10 * M, 10 * M, "medium"),
    (40, 12 * M, 8 * M, "small"),             # one of the two small ceilings is enough
    (40, 12 * M, 11 * M, "medium"),
    (9.5, 2 * M, 2 * M, "micro"),
    (10, 1 * M, 1 * M, "small"),
    (5, 2.5 * M, 1.5 * M, "micro"),           # turnover over 2 M, balance sheet within
    (5, 2.5 * M, 2.5 * M, "small"),
    (300, 5 * M, 5 * M, "large"),             # staff alone decides, however small the money
])
def test_ceilings(staff: float, turnover: float, balance: float, expected: str) -> None:
    assert size(staff, turnover, balance) == expected


def test_staff_must_hold_and_one_financial_ceiling() -> None:
    """The staff ceiling is not optional: cheap but many people is not small."""
    decision = check_sme(Figures(60, 1 * M, 1 * M))
    assert decision.size_class == "medium"
    codes = [r.code for r in decision.reasons]
    assert "sme_staff_below" in codes and "sme_both_financial_within" in codes


# -- annual work units -----------------------------------------------------------------------

def test_annual_work_units_counts_part_time_and_seasonal_work_as_fractions() -> None:
    # One person full time all year, one half time all year, one seasonal worker full time for
    # three months: 1 + 0.5 + 0.25.
    assert annual_work_units([(1.0, 12), (0.5, 12), (1.0, 3)]) == 1.75
    # Eight full-timers and five half-timers for four months make a micro enterprise's staff.
    staff = annual_work_units([(1.0, 12)] * 8 + [(0.5, 4)] * 5)
    assert staff == pytest.approx(8.8333, abs=1e-3)
    assert size(staff, 1 * M, 1 * M) == "micro"


# -- autonomous, partner and linked enterprises ----------------------------------------------

def test_small_holdings_leave_the_enterprise_autonomous() -> None:
    decision = check_sme(Figures(30, 6 * M, 5 * M),
                         [Stake(24.9, Figures(5000, 900 * M, 800 * M), name="Konzern AG")])
    assert decision.size_class == "small"
    assert decision.aggregated == Figures(30, 6 * M, 5 * M)


def test_partner_figures_are_added_in_proportion() -> None:
    # A: 20 people, 8 M turnover, 6 M balance sheet. B holds 40 % of A and has 100 people,
    # 30 M turnover, 20 M balance sheet: A counts 20 + 40, 8 + 12, 6 + 8 -> 60 people: medium.
    decision = check_sme(Figures(20, 8 * M, 6 * M),
                         [Stake(40, Figures(100, 30 * M, 20 * M), name="B")])
    assert decision.aggregated == Figures(60, 20 * M, 14 * M)
    assert decision.size_class == "medium"


def test_a_partners_linked_enterprises_count_through_the_partner() -> None:
    # A holds 30 % of B; B owns 100 % of D. B's figures for A's purposes include D in full
    # (B's consolidated figures), and 30 % of that total is added to A.
    b_with_d = Figures(40, 9 * M, 7 * M) + Figures(60, 11 * M, 13 * M)
    decision = check_sme(Figures(15, 3 * M, 2 * M), [Stake(30, b_with_d, name="B")])
    assert decision.aggregated.staff_awu == pytest.approx(45)
    assert decision.size_class == "small"


def test_linked_enterprises_are_added_in_full() -> None:
    # A holds 60 % of C: C's 240 people count in full, A (20 people) is over 250 together.
    decision = check_sme(Figures(20, 5 * M, 4 * M),
                         [Stake(60, Figures(240, 40 * M, 30 * M), name="C")])
    assert decision.size_class == "large"
    assert decision.aggregated.staff_awu == 260


def test_control_without_a_majority_links_enterprises() -> None:
    # 20 % with the right to appoint most of the board: linked, 10 + 200 people.
    stake = Stake(20, Figures(200, 20 * M, 20 * M), control=True, name="parent")
    assert size(10, 1 * M, 1 * M, stake) == "medium"
    assert size(10, 1 * M, 1 * M, Stake(20, Figures(200, 20 * M, 20 * M))) == "small"


def test_partners_on_both_sides_add_up() -> None:
    # 25 % held by an investor enterprise upstream, 50 % held in a supplier downstream.
    upstream = Stake(25, Figures(100, 20 * M, 20 * M), name="upstream")
    downstream = Stake(50, Figures(40, 8 * M, 6 * M), name="downstream")
    decision = check_sme(Figures(10, 2 * M, 2 * M), [upstream, downstream])
    assert decision.aggregated == Figures(55, 11 * M, 10 * M)
    assert decision.size_class == "medium"


# -- public bodies and the excepted investors ------------------------------------------------

def test_a_public_body_with_a_quarter_makes_even_a_tiny_enterprise_not_an_sme() -> None:
    decision = check_sme(Figures(4, 0.3 * M, 0.2 * M),
                         [Stake(25, public_body=True, name="Landkreis")])
    assert decision.size_class == "large"
    assert not decision.is_sme
    assert [r.code for r in decision.reasons] == ["sme_public_bodies"]


def test_public_bodies_count_together() -> None:
    # Three municipalities with 10 % each hold 30 % jointly: not an SME.
    towns = [Stake(10, public_body=True, name=f"town {n}") for n in range(3)]
    assert size(4, 0.3 * M, 0.2 * M, *towns) == "large"
    # One municipality with 20 % alone is an ordinary holding below 25 %.
    assert size(4, 0.3 * M, 0.2 * M, Stake(20, public_body=True)) == "micro"


def test_a_university_may_hold_up_to_half_without_a_partnership() -> None:
    university = Stake(40, Figures(3000, 200 * M, 500 * M), investor="university",
                       public_body=True, name="TU")
    decision = check_sme(Figures(8, 1 * M, 1 * M), [university])
    assert decision.size_class == "micro"
    assert "sme_excepted_investor" in [r.code for r in decision.reasons]
    # Above 50 % the exception ends: the university is then linked (and public).
    assert size(8, 1 * M, 1 * M, Stake(51, Figures(3000, 200 * M, 500 * M),
                                       investor="university", public_body=True)) == "large"


def test_business_angel_exception_depends_on_the_amount_invested() -> None:
    angel = Figures(30, 9 * M, 9 * M)  # the angel's own business, as partner figures
    below = Stake(30, angel, investor="business_angel", invested_eur=1_000_000)
    above = Stake(30, angel, investor="business_angel", invested_eur=1_300_000)
    assert size(8, 1 * M, 1 * M, below) == "micro"
    assert size(8, 1 * M, 1 * M, above) == "small"  # partner: 8 + 9 people, 1 + 2.7 M


def test_a_venture_capital_company_with_a_minority_stake_is_not_a_partner() -> None:
    fund = Stake(45, Figures(20, 50 * M, 400 * M), investor="public_investment_corporation")
    assert size(45, 9 * M, 9 * M, fund) == "small"


# -- the two-year rule (Article 4(2)) --------------------------------------------------------

def test_one_year_over_a_ceiling_keeps_the_class() -> None:
    decision = check_sme(Figures(55, 8 * M, 8 * M), status_last_year="small")
    assert decision.size_class == "small"
    assert decision.reasons[-1].code == "sme_kept_previous_class"


def test_two_years_over_a_ceiling_change_the_class() -> None:
    decision = check_sme(Figures(55, 8 * M, 8 * M), status_last_year="small",
                         figures_last_year=Figures(52, 7 * M, 7 * M))
    assert decision.size_class == "medium"


# -- reasons in four languages ---------------------------------------------------------------

CASES = [
    check_sme(Figures(249, 60 * M, 43 * M)),
    check_sme(Figures(250, 50 * M, 43 * M)),
    check_sme(Figures(249, 50 * M + 1, 43 * M + 1)),
    check_sme(Figures(20, 8 * M, 6 * M), [Stake(40, Figures(100, 30 * M, 20 * M), name="B")]),
    check_sme(Figures(4, 1 * M, 1 * M), [Stake(30, public_body=True, name="Stadt")]),
    check_sme(Figures(8, 1 * M, 1 * M), [Stake(40, investor="university", name="TU")]),
    check_sme(Figures(55, 8 * M, 8 * M), status_last_year="small"),
]

EXPECTED_WORDS = {
    "de": ("Jahresarbeitseinheiten", "KMU", "Partnerunternehmen", "Öffentliche"),
    "en": ("annual work units", "SME", "partner enterprise", "Public bodies"),
    "pl": ("rocznych jednostek roboczych", "MŚP", "partnerskie", "publiczne"),
    "cs": ("ročních pracovních jednotek", "MSP", "partnerský", "Veřejné"),
}


@pytest.mark.parametrize("lang", ["de", "en", "pl", "cs"])
def test_every_reason_renders_in_four_languages(lang: str) -> None:
    texts = [render(reason, lang) for decision in CASES for reason in decision.reasons]
    joined = "\n".join(texts)
    assert not re.search(r"[{}]", joined), "a parameter was left unfilled"
    for word in EXPECTED_WORDS[lang]:
        assert word in joined, (lang, word)
    # The decisive figures appear as people write them.
    assert "43 M EUR" in joined and "60 M EUR" in joined


def test_reasons_differ_between_languages() -> None:
    reason = CASES[0].reasons[2]  # turnover over, balance sheet within
    rendered = {lang: render(reason, lang) for lang in ("de", "en", "pl", "cs")}
    assert len(set(rendered.values())) == 4
    assert "mittleres Unternehmen" in render(CASES[0].reasons[1], "de")
    assert "střední podnik" in render(CASES[0].reasons[1], "cs")
