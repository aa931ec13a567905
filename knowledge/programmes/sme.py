"""The EU SME definition: Commission Recommendation 2003/361/EC (Annex, Articles 1 to 6).

An enterprise's class follows from its staff headcount in annual work units (AWU), its annual
turnover and its balance-sheet total, *after* adding the figures of the enterprises it is bound
to: partner enterprises (a stake of 25 % up to 50 %, either way) in proportion to the stake,
linked enterprises (more than 50 %, or control) in full. An enterprise 25 % or more of which a
public body holds is not an SME at all, whatever its size. Some investors (Article 3(2)) may
hold 25 % to 50 % without making the enterprise a partner.

Each decision carries its reasons as codes with parameters; `knowledge.programmes.reasons`
renders them in German, English, Polish or Czech.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from knowledge.programmes.reasons import Reason

SizeClass = Literal["micro", "small", "medium", "large"]

# Article 2: staff ceiling (strictly fewer than), and the two financial ceilings (at most),
# of which one must hold. Amounts in EUR.
CEILINGS: tuple[tuple[SizeClass, int, float, float], ...] = (
    ("micro", 10, 2_000_000.0, 2_000_000.0),
    ("small", 50, 10_000_000.0, 10_000_000.0),
    ("medium", 250, 50_000_000.0, 43_000_000.0),
)

# Article 3(2): investors who may hold 25 % to 50 % of an enterprise without it ceasing to be
# autonomous (as long as they are not linked to it, alone or together).
EXCEPTED_INVESTORS = (
    "public_investment_corporation",  # also venture-capital companies
    "business_angel",                 # individuals investing below EUR 1 250 000 in one firm
    "university",                     # universities and non-profit research centres
    "institutional_investor",         # including regional development funds
    "small_local_authority",          # budget below EUR 10 M and fewer than 5 000 inhabitants
)
BUSINESS_ANGEL_LIMIT_EUR = 1_250_000.0
PARTNER_FROM = 25.0      # percent of capital or voting rights, whichever is higher
LINKED_ABOVE = 50.0
EXCEPTED_INVESTOR_UP_TO = 50.0


@dataclass(frozen=True)
class Figures:
    """Headcount in annual work units and the two financial figures of one enterprise (its
    consolidated accounts where it has them), for the last closed accounting period."""

    staff_awu: float
    turnover_eur: float
    balance_sheet_eur: float

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.staff_awu + other.staff_awu, self.turnover_eur + other.turnover_eur,
                       self.balance_sheet_eur + other.balance_sheet_eur)

    def scaled(self, share_percent: float) -> Figures:
        factor = share_percent / 100.0
        return Figures(self.staff_awu * factor, self.turnover_eur * factor,
                       self.balance_sheet_eur * factor)


@dataclass(frozen=True)
class Stake:
    """A holding between the enterprise and another one, in either direction (the other holds
    a share in it, or it holds a share in the other: the Recommendation treats both alike).

    `figures` are the other enterprise's own figures plus those of the enterprises linked to it
    (Article 6(3)); `control` marks a link without a majority (dominant influence by contract,
    the right to appoint most of the board: Article 3(3)).
    """

    share_percent: float
    figures: Figures = field(default_factory=lambda: Figures(0, 0, 0))
    investor: str | None = None        # one of EXCEPTED_INVESTORS, else an ordinary enterprise
    invested_eur: float | None = None  # what a business angel invested (limit applies)
    public_body: bool = False          # a public body (state, region, municipality, agency)
    control: bool = False
    name: str = ""


@dataclass(frozen=True)
class SmeDecision:
    size_class: SizeClass
    aggregated: Figures
    reasons: tuple[Reason, ...]

    @property
    def is_sme(self) -> bool:
        return self.size_class != "large"


def annual_work_units(workers: list[tuple[float, float]]) -> float:
    """Staff in AWU from (share of full time, months worked in the year) per person. Someone
    full time all year counts 1; part-time and seasonal work count as fractions. Apprentices in
    vocational training and people on maternity or parental leave are left out by the caller
    (Article 5)."""
    return round(sum(max(0.0, fraction) * min(max(months, 0.0), 12.0) / 12.0
                     for fraction, months in workers), 4)


def _excepted(stake: Stake) -> bool:
    if stake.investor not in EXCEPTED_INVESTORS or stake.control:
        return False
    if stake.share_percent > EXCEPTED_INVESTOR_UP_TO:
        return False
    if stake.investor == "business_angel":
        return stake.invested_eur is not None and stake.invested_eur < BUSINESS_ANGEL_LIMIT_EUR
    return True


def classify_figures(figures: Figures) -> tuple[SizeClass, list[Reason]]:
    """The class from figures alone (already aggregated): the smallest class whose staff
    ceiling holds and at least one of whose two financial ceilings holds."""
    reasons: list[Reason] = []
    for size_class, staff_below, turnover_max, balance_max in CEILINGS:
        staff_ok = figures.staff_awu < staff_below
        turnover_ok = figures.turnover_eur <= turnover_max
        balance_ok = figures.balance_sheet_eur <= balance_max
        if staff_ok and (turnover_ok or balance_ok):
            reasons.append(Reason("sme_staff_below", {
                "staff": _number(figures.staff_awu), "ceiling": staff_below,
                "size_class": size_class}))
            if turnover_ok and balance_ok:
                reasons.append(Reason("sme_both_financial_within", {
                    "turnover": _eur(figures.turnover_eur), "turnover_max": _eur(turnover_max),
                    "balance": _eur(figures.balance_sheet_eur),
                    "balance_max": _eur(balance_max), "size_class": size_class}))
            elif turnover_ok:
                reasons.append(Reason("sme_turnover_within_balance_over", {
                    "turnover": _eur(figures.turnover_eur), "turnover_max": _eur(turnover_max),
                    "balance": _eur(figures.balance_sheet_eur),
                    "balance_max": _eur(balance_max), "size_class": size_class}))
            else:
                reasons.append(Reason("sme_balance_within_turnover_over", {
                    "turnover": _eur(figures.turnover_eur), "turnover_max": _eur(turnover_max),
                    "balance": _eur(figures.balance_sheet_eur),
                    "balance_max": _eur(balance_max), "size_class": size_class}))
            return size_class, reasons
    # Not even medium: say which ceiling of the medium class failed.
    _, staff_below, turnover_max, balance_max = CEILINGS[-1]
    if figures.staff_awu >= staff_below:
        reasons.append(Reason("sme_staff_over", {"staff": _number(figures.staff_awu),
                                                 "ceiling": staff_below}))
    if figures.turnover_eur > turnover_max and figures.balance_sheet_eur > balance_max:
        reasons.append(Reason("sme_both_financial_over", {
            "turnover": _eur(figures.turnover_eur), "turnover_max": _eur(turnover_max),
            "balance": _eur(figures.balance_sheet_eur), "balance_max": _eur(balance_max)}))
    return "large", reasons


def check_sme(own: Figures, stakes: list[Stake] | tuple[Stake, ...] = (),
              status_last_year: SizeClass | None = None,
              figures_last_year: Figures | None = None) -> SmeDecision:
    """The SME class of an enterprise from its own figures and its stakes in or held by
    others.

    Article 4(2): an enterprise keeps the class it had (`status_last_year`) when it crosses a
    ceiling in one year only; the class changes when last year's (aggregated) figures
    (`figures_last_year`) crossed it too.
    """
    reasons: list[Reason] = []
    public_share = sum(s.share_percent for s in stakes if s.public_body and not _excepted(s))
    if public_share >= PARTNER_FROM:
        # Article 3(4): 25 % or more held by public bodies, alone or together.
        reasons.append(Reason("sme_public_bodies", {"share": _number(public_share)}))
        return SmeDecision("large", own, tuple(reasons))

    total = own
    for stake in stakes:
        label = stake.name or "?"
        if stake.public_body and not _excepted(stake):
            # Below 25 % together: a public body is then an ordinary small holder.
            reasons.append(Reason("sme_stake_below_partner", {
                "name": label, "share": _number(stake.share_percent)}))
            continue
        if stake.control or stake.share_percent > LINKED_ABOVE:
            total = total + stake.figures
            reasons.append(Reason("sme_linked_added", {
                "name": label, "share": _number(stake.share_percent)}))
        elif stake.share_percent >= PARTNER_FROM:
            if _excepted(stake):
                reasons.append(Reason("sme_excepted_investor", {
                    "name": label, "share": _number(stake.share_percent),
                    "investor": stake.investor or ""}))
                continue
            total = total + stake.figures.scaled(stake.share_percent)
            reasons.append(Reason("sme_partner_added", {
                "name": label, "share": _number(stake.share_percent)}))
        else:
            reasons.append(Reason("sme_stake_below_partner", {
                "name": label, "share": _number(stake.share_percent)}))
    if total is own:
        reasons.append(Reason("sme_autonomous", {}))
    else:
        reasons.append(Reason("sme_aggregated", {
            "staff": _number(total.staff_awu), "turnover": _eur(total.turnover_eur),
            "balance": _eur(total.balance_sheet_eur)}))

    size_class, size_reasons = classify_figures(total)
    reasons += size_reasons
    if status_last_year is not None and status_last_year != size_class:
        if figures_last_year is not None and classify_figures(figures_last_year)[0] == size_class:
            reasons.append(Reason("sme_class_changed_two_years", {
                "size_class": size_class, "previous": status_last_year}))
        else:
            reasons.append(Reason("sme_kept_previous_class", {
                "size_class": status_last_year, "this_year": size_class}))
            size_class = status_last_year
    return SmeDecision(size_class, total, tuple(reasons))


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _eur(value: float) -> str:
    """Amounts as people say them: 43 M EUR, 1.25 M EUR, 850 000 EUR."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:g} M EUR"
    return f"{value:,.0f} EUR".replace(",", " ")
