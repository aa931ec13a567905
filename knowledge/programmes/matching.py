"""Which catalogue programmes fit a funding profile, why, what does not fit, what is unknown.

Each programme is checked against each fact the profile knows (region by NUTS prefix, country,
size class, purpose, dates relative to a given `today`, company age, sector). A fact the
profile or the programme lacks is an *unknown*, never a fit or a miss by guess. Closed calls
are dropped before anything else. Ranking: programmes with nothing against them first, then by
a score from the purpose overlap, the semantic similarity of the project description (the
programme index's cosine, passed in) and how much is still unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from knowledge.programmes.profile import FundingProfile
from knowledge.programmes.reasons import Reason
from knowledge.programmes.records import ProgrammeRecord

__all__ = ["FundingProfile", "ProgrammeMatch", "match", "DEADLINE_SOON_DAYS"]

# Mismatches that rule the company out (as opposed to a purpose it did not name).
EXCLUDING = frozenset({"region_only", "country_only", "size_excluded", "age_too_young",
                       "sector_excluded", "opens_after_start"})
# A closing date this close is said as "closes in N days" rather than "open until".
DEADLINE_SOON_DAYS = 31
# Weights of the ranking score. The semantic cosine of E5 sits in a narrow band (about 0.75 to
# 0.9), so it is spread out from SEMANTIC_FLOOR before it is weighed; a named purpose that the
# programme supports counts about as much as a clearly similar description.
SEMANTIC_FLOOR = 0.75
SEMANTIC_WEIGHT = 4.0
PURPOSE_WEIGHT = 0.5
REGION_SPECIFIC_WEIGHT = 0.1   # a programme made for the asker's region over a national one
UNKNOWN_PENALTY = 0.05
MISMATCH_PENALTY = 1.0
# From this spread-out similarity on, the description is said to match the project.
SIMILAR_ENOUGH = 0.5


@dataclass(frozen=True)
class ProgrammeMatch:
    record: ProgrammeRecord
    score: float
    fits: tuple[Reason, ...]
    mismatches: tuple[Reason, ...]
    unknowns: tuple[Reason, ...]

    @property
    def eligible(self) -> bool:
        """Nothing known speaks against it (unknowns may still)."""
        return not self.mismatches

    @property
    def possible(self) -> bool:
        """The company may apply (only the purpose differs): worth showing as a near miss."""
        return all(r.code not in EXCLUDING for r in self.mismatches)


def match(records: Iterable[ProgrammeRecord], profile: FundingProfile, today: date,
          semantic: dict[str, float] | None = None) -> list[ProgrammeMatch]:
    """Every open or upcoming programme, best first; closed calls are never in the list."""
    semantic = semantic or {}
    matches = [_check(record, profile, today, semantic.get(record.id))
               for record in records if not record.is_closed(today)]
    matches.sort(key=lambda m: (not m.eligible, -m.score, m.record.id))
    return matches


def _check(record: ProgrammeRecord, profile: FundingProfile, today: date,
           similarity: float | None) -> ProgrammeMatch:
    fits: list[Reason] = []
    misses: list[Reason] = []
    unknowns: list[Reason] = []
    score = 0.0

    # -- where -------------------------------------------------------------------------------
    if record.regions:
        if (profile.region and any(profile.region.startswith(r) for r in record.regions)) or (
                profile.country and profile.country in record.regions):
            fits.append(Reason("region_fits", {"regions": list(record.regions)}))
            score += REGION_SPECIFIC_WEIGHT
        elif profile.region and not any(r.startswith(profile.region) for r in record.regions):
            misses.append(Reason("region_only", {"regions": list(record.regions)}))
        elif profile.country and not any(r.startswith(profile.country) for r in record.regions):
            misses.append(Reason("region_only", {"regions": list(record.regions)}))
        else:
            # The region is unknown, or known less finely than the programme's.
            unknowns.append(Reason("region_unknown", {"regions": list(record.regions)}))
    elif record.countries:
        if profile.country is None:
            unknowns.append(Reason("country_unknown", {"countries": list(record.countries)}))
        elif profile.country in record.countries:
            fits.append(Reason("country_fits", {"countries": [profile.country]}))
        else:
            misses.append(Reason("country_only", {"countries": list(record.countries)}))

    # -- who ---------------------------------------------------------------------------------
    if not record.size_classes:
        unknowns.append(Reason("programme_size_unknown", {}))
    elif profile.size_class is None:
        if record.funding_rate_note:
            unknowns.append(Reason("size_unknown", {"note": dict(record.funding_rate_note)}))
        else:
            unknowns.append(Reason("size_unknown_open_to",
                                   {"allowed": list(record.size_classes)}))
    elif profile.size_class in record.size_classes:
        fits.append(Reason("size_fits", {"size_class": profile.size_class}))
    else:
        misses.append(Reason("size_excluded", {"allowed": list(record.size_classes)}))

    if record.min_company_age_years is not None:
        years = _years(record.min_company_age_years)
        if profile.company_age_years is None:
            unknowns.append(Reason("age_unknown", {"years": years}))
        elif profile.company_age_years >= record.min_company_age_years:
            fits.append(Reason("age_fits", {"years": years}))
        else:
            misses.append(Reason("age_too_young", {"years": years}))

    if record.sectors:
        if profile.sector is None:
            unknowns.append(Reason("sector_unknown", {"sectors": list(record.sectors)}))
        elif profile.sector in record.sectors:
            fits.append(Reason("sector_fits", {}))
        else:
            misses.append(Reason("sector_excluded", {"sectors": list(record.sectors)}))

    # -- what --------------------------------------------------------------------------------
    if profile.purposes and record.purposes:
        shared = [p for p in record.purposes if p in profile.purposes]
        if shared:
            fits.append(Reason("purpose_fits", {"purposes": shared}))
            score += PURPOSE_WEIGHT * len(shared)
        else:
            misses.append(Reason("purpose_other", {"purposes": list(record.purposes)}))
    if similarity is not None:
        spread = max(0.0, (similarity - SEMANTIC_FLOOR) / (1.0 - SEMANTIC_FLOOR))
        score += SEMANTIC_WEIGHT * spread * spread
        if spread >= SIMILAR_ENOUGH:
            fits.append(Reason("project_similar", {}))

    # -- when --------------------------------------------------------------------------------
    if record.opens_on is not None and record.opens_on > today:
        fits.append(Reason("opens_on", {"date": record.opens_on}))
        if profile.start_date is not None and record.opens_on > profile.start_date:
            misses.append(Reason("opens_after_start", {"date": record.opens_on,
                                                        "start": profile.start_date}))
    if record.closes_on is not None:
        days = (record.closes_on - today).days
        if days == 0:
            fits.append(Reason("closes_today", {"date": record.closes_on}))
        elif days <= DEADLINE_SOON_DAYS:
            fits.append(Reason("closes_in", {"days": days, "date": record.closes_on}))
        else:
            fits.append(Reason("open_until", {"date": record.closes_on}))
    elif record.rolling:
        fits.append(Reason("rolling", {}))
    elif record.opens_on is None:
        unknowns.append(Reason("dates_unknown", {}))

    if record.funding_rate_max is not None:
        fits.append(Reason("rate_up_to", {"rate": _years(record.funding_rate_max)}))

    score -= MISMATCH_PENALTY * len(misses) + UNKNOWN_PENALTY * len(unknowns)
    return ProgrammeMatch(record, round(score, 4), tuple(fits), tuple(misses), tuple(unknowns))


def _years(value: float) -> str:
    return f"{value:g}"
