"""Matchmaking: who offers what an organisation seeks, and who seeks what it offers.

Its "seeks" text is compared with everyone else's profile (and its profile with everyone
else's "seeks"). Cross-border pairs and pairs with a language in common rank higher, because
finding those is the point of the platform; every match says why it was made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.companies.records import OrganisationData
from knowledge.companies.search import OrganisationHit
from knowledge.companies.store import PROFILE, SEEKS, CompanyStore
from knowledge.embeddings import Embedder
from knowledge.settings import Settings
from knowledge.tuning import ORGANISATION, OrganisationTuning, for_embedder
from knowledge.understanding import capabilities

Direction = Literal["offers_what_you_seek", "seeks_what_you_offer"]


class UnknownOrganisation(LookupError):
    pass


@dataclass
class Match:
    direction: Direction
    hit: OrganisationHit

    def to_dict(self) -> dict[str, object]:
        return {"direction": self.direction, **self.hit.to_answer_dict(),
                "reason": self.hit.reason}


class OrganisationMatcher:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.store = CompanyStore(settings, embedder)
        self.tuning: OrganisationTuning = for_embedder(
            ORGANISATION, getattr(self.store.embedder, "identity", None), "organisation")

    def match(self, org_id: str, limit: int = 5) -> list[Match]:
        """Best partners in both directions, `limit` each."""
        me = self.store.get(org_id)
        if me is None:
            raise UnknownOrganisation(f"no organisation with id '{org_id}'")
        matches: list[Match] = []
        if me.seeks_text():
            matches += self._direction(me, me.seeks_text(), PROFILE, "offers_what_you_seek",
                                       limit)
        matches += self._direction(me, me.profile_text(), SEEKS, "seeks_what_you_offer", limit)
        return matches

    def _direction(self, me: OrganisationData, text: str, part: str, direction: Direction,
                   limit: int) -> list[Match]:
        vector = self.store.embedder.embed_query(text)
        hits = self.store.vectors.query(vector, k=limit * 8 + 1, where={"part": part})
        cosine = {h.metadata["org_id"]: h.score for h in hits if h.metadata["org_id"] != me.id}
        others = self.store.get_many(list(cosine))
        mine = capabilities(text)
        scored: list[tuple[float, OrganisationData, str]] = []
        for other_id, score in cosine.items():
            other = others.get(other_id)
            if other is None:
                continue
            theirs = capabilities(other.offers or "" if part == PROFILE else other.seeks or "")
            shared = sorted(mine & theirs)
            why: list[str] = []
            if shared:
                score += self.tuning.match_capability_bonus
                verb = "offers" if direction == "offers_what_you_seek" else "seeks"
                why.append(f"{verb} {', '.join(shared)}")
            else:
                summary = (other.offers if part == PROFILE else other.seeks) or ""
                why.append(("offers " if part == PROFILE else "seeks ")
                           + summary.split(".")[0][:80])
            if other.country != me.country:
                score += self.tuning.cross_border_bonus
                why.append(f"cross-border {me.country}–{other.country}")
            common = [code for code in other.languages if code in me.languages]
            if common:
                score += self.tuning.shared_language_bonus
                why.append("shared language " + ", ".join(common))
            scored.append((score, other, "; ".join(why)))
        scored.sort(key=lambda item: (-item[0], item[1].name))
        return [Match(direction, OrganisationHit.from_data(other, score, why))
                for score, other, why in scored[:limit]]
