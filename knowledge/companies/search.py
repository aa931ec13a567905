"""Organisation search: structured filters in SQL, meaning in the vector collection.

Hard filters (kind, country, region, city, language spoken, sector, certification) decide which
organisations qualify; the question's embedding, compared with each one's profile (name,
sectors, offers, description), ranks them. The embedder is multilingual, so a Polish question
finds a supplier described in German. When a question asks who can help (export, funding
advice, cooperation events, finding partners), support institutions come first; for them the
place a question names is a preference, not a filter, because a Saxon agency can help with
exports to Czechia.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import or_, select

from knowledge.companies.codes import country_name, fold
from knowledge.companies.models import Organisation
from knowledge.companies.records import OrganisationData
from knowledge.companies.store import PROFILE, CompanyStore
from knowledge.embeddings import Embedder
from knowledge.query_understanding import QueryAnalysis, analyse_query, capabilities
from knowledge.settings import Settings

# Above this many candidates the vector index is asked for its nearest neighbours first instead
# of scoring every candidate; the demo database and a typical region stay far below it.
EXACT_SCORING_LIMIT = 2000
# Results further than this below the best cosine are noise for this question.
RELEVANCE_WINDOW = 0.06
SECTOR_BONUS = 0.02
LEXICAL_BONUS = 0.02
CAPABILITY_BONUS = 0.05
PLACE_BONUS = 0.03
LANGUAGE_BONUS = 0.02

_WORD = re.compile(r"[^\W\d_]{3,}|\d*[a-z]+\d+\w*|cnc|pcb|plc|smd|ems|erp|mes", re.UNICODE)
# Words every question has; they must not count as the question's subject.
_STOP = {fold(w)[:6] for w in """
    suche suchen einen eine einer nach für und oder der die das mit von wer kann mir ich wir
    sucht helfen hilft finden partner partnern zulieferer lieferant firma firmen unternehmen
    looking search find help who can the and for with that company companies supplier partner
    partners need szukam szuka jest który która które firma firmy dostawca dostawcy partnera
    partnerów kto może pomóc mówi hledám hledá který která firma firmy dodavatel dodavatele
    partnera partnery kdo může pomoci mluví kraj kraji region""".split()}


class CompanyFilters(BaseModel):
    """Explicit filters (a staff member's CLI options, an LLM's validated tool call)."""

    kind: Literal["company", "institution", "research"] | None = None
    countries: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-2")
    regions: list[str] = Field(default_factory=list)
    cities: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list, description="ISO 639-1, spoken")
    sectors: list[str] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)

    @field_validator("countries")
    @classmethod
    def _upper(cls, value: list[str]) -> list[str]:
        return [v.strip().upper() for v in value if v.strip()]

    @field_validator("languages")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [v.strip().lower() for v in value if v.strip()]


@dataclass
class OrganisationHit:
    id: str
    name: str
    kind: str
    country: str
    city: str | None
    region: str | None
    offers: str | None
    seeks: str | None
    description: str | None
    languages: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    contact_person: str | None = None
    address: str | None = None
    postcode: str | None = None
    certifications: list[str] = field(default_factory=list)
    demo: bool = False
    score: float = 0.0
    reason: str = ""

    @classmethod
    def from_data(cls, data: OrganisationData, score: float, reason: str) -> OrganisationHit:
        return cls(id=data.id, name=data.name, kind=data.kind, country=data.country,
                   city=data.city, region=data.region, offers=data.offers, seeks=data.seeks,
                   description=data.description, languages=list(data.languages),
                   sectors=list(data.sectors), website=data.website, email=data.email,
                   phone=data.phone, contact_person=data.contact_person, address=data.address,
                   postcode=data.postcode, certifications=list(data.certifications),
                   demo=data.demo, score=round(float(score), 4), reason=reason)

    def to_answer_dict(self) -> dict[str, Any]:
        """The answer contract's six keys plus what a user needs to get in touch."""
        out: dict[str, Any] = {"id": self.id, "name": self.name, "kind": self.kind,
                               "country": self.country, "city": self.city, "score": self.score}
        for key in ("website", "email", "phone", "offers"):
            value = getattr(self, key)
            if value:
                out[key] = value
        out["languages"] = list(self.languages)
        out["demo"] = self.demo
        return out


@dataclass
class _Plan:
    """The filters one ranked pass applies; `soft_*` only add to the score."""

    kinds: list[str]
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    soft_countries: list[str] = field(default_factory=list)
    soft_regions: list[str] = field(default_factory=list)
    soft_cities: list[str] = field(default_factory=list)
    soft_languages: list[str] = field(default_factory=list)
    soft_sectors: list[str] = field(default_factory=list)
    wanted_capabilities: frozenset[str] = frozenset()


def query_terms(text: str) -> set[str]:
    """Folded 6-letter word stems of a question, without words every question has."""
    return {w[:6] for w in _WORD.findall(fold(text)) if w[:6] not in _STOP}


class CompanySearch:
    """Created once per process; holds the store and the embedder, loads nothing per request."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.store = CompanyStore(settings, embedder)

    def search(self, query: str, lang: str, limit: int = 5,
               analysis: QueryAnalysis | None = None,
               filters: CompanyFilters | None = None) -> list[OrganisationHit]:
        if limit <= 0:
            return []
        analysis = analysis if analysis is not None else analyse_query(query, lang)
        explicit = filters or CompanyFilters()
        vector = self.store.embedder.embed_query(query) if query.strip() else None
        terms = query_terms(query)

        countries = explicit.countries or list(analysis.countries)
        regions = explicit.regions or list(analysis.regions)
        cities = explicit.cities or list(analysis.cities)
        languages = explicit.languages or list(analysis.spoken_languages)
        # A region or city already pins the country; keeping both would drop nothing but
        # also say nothing. A country named next to a city of another one is kept as asked.
        company_plan = _Plan(kinds=["company", "research"], countries=countries,
                             regions=regions, cities=cities, languages=languages,
                             sectors=list(explicit.sectors),
                             certifications=list(explicit.certifications),
                             soft_sectors=list(analysis.sectors),
                             wanted_capabilities=capabilities(query))
        if explicit.kind:
            company_plan.kinds = [explicit.kind]
            return self._ranked(vector, terms, company_plan, limit, relax=_relaxable(explicit))

        hits: list[OrganisationHit] = []
        if analysis.wants_institutions:
            institution_plan = _Plan(
                kinds=["institution"], countries=explicit.countries, regions=explicit.regions,
                cities=explicit.cities, languages=explicit.languages,
                sectors=list(explicit.sectors), certifications=list(explicit.certifications),
                soft_countries=countries, soft_regions=regions, soft_cities=cities,
                soft_languages=languages, soft_sectors=list(analysis.sectors),
                wanted_capabilities=capabilities(query))
            slots = limit if not analysis.wants_organisations else max(1, min(3, limit - 2))
            hits = self._ranked(vector, terms, institution_plan, slots, relax=[])
        if analysis.wants_organisations or not analysis.wants_institutions:
            remaining = limit - len(hits)
            if remaining > 0:
                hits += self._ranked(vector, terms, company_plan, remaining,
                                     relax=_relaxable(explicit))
        return hits

    # -- one ranked pass ----------------------------------------------------------------------
    def _ranked(self, vector: np.ndarray | None, terms: set[str], plan: _Plan, limit: int,
                relax: list[str]) -> list[OrganisationHit]:
        candidates = self._candidates(plan)
        # Filters the question implied (not the explicit ones) are loosened one at a time
        # until something qualifies: a CNC shop in Görlitz is a fair answer for Zittau.
        for name in relax:
            if candidates:
                break
            if getattr(plan, name):
                setattr(plan, name, [])
                candidates = self._candidates(plan)
        if not candidates:
            return []
        similarities = self._similarities(vector, candidates, plan)
        records = self.store.get_many(list(similarities))
        scored: list[tuple[float, float, OrganisationData, list[str]]] = []
        for org_id, cosine in similarities.items():
            data = records.get(org_id)
            if data is None:
                continue
            bonus, why = _bonus(data, terms, plan)
            scored.append((cosine + bonus, cosine, data, why))
        if not scored:
            return []
        if plan.wanted_capabilities:
            # The question names a trade ("CNC", "Pulverbeschichtung"): where some candidates
            # offer it, the others are no answer, however close their wording.
            capable = [item for item in scored if plan.wanted_capabilities & capabilities(
                f"{item[2].offers or ''} {item[2].description or ''}")]
            scored = capable or scored
        scored.sort(key=lambda item: (-item[0], item[2].name))
        best = scored[0][1]
        out: list[OrganisationHit] = []
        for total, cosine, data, why in scored:
            if out and cosine < best - RELEVANCE_WINDOW:
                continue
            out.append(OrganisationHit.from_data(data, total, "; ".join(why)))
            if len(out) >= limit:
                break
        return out

    def _candidates(self, plan: _Plan) -> list[str]:
        stmt = select(Organisation.id).where(Organisation.kind.in_(plan.kinds))
        if plan.countries:
            stmt = stmt.where(Organisation.country.in_(plan.countries))
        if plan.regions:
            stmt = stmt.where(Organisation.region_key.in_([fold(r) for r in plan.regions]))
        if plan.cities:
            stmt = stmt.where(Organisation.city_key.in_([fold(c) for c in plan.cities]))
        for column, values in ((Organisation.languages_key, plan.languages),
                               (Organisation.sectors_key, plan.sectors),
                               (Organisation.certifications_key, plan.certifications)):
            if values:
                stmt = stmt.where(or_(*[column.like(f"%;{fold(v)};%") for v in values]))
        with self.store.db.session() as s:
            return list(s.scalars(stmt))

    def _similarities(self, vector: np.ndarray | None, candidates: list[str],
                      plan: _Plan) -> dict[str, float]:
        if vector is None:  # filters only (the CLI without a query)
            return dict.fromkeys(candidates, 0.0)
        wanted = set(candidates)
        if len(candidates) <= EXACT_SCORING_LIMIT:
            where = {"$and": [{"part": PROFILE}, {"org_id": {"$in": candidates}}]}
            hits = self.store.vectors.query(vector, k=len(candidates), where=where)
        else:
            conditions: list[dict[str, Any]] = [{"part": PROFILE},
                                                {"kind": {"$in": plan.kinds}}]
            if plan.countries:
                conditions.append({"country": {"$in": plan.countries}})
            hits = self.store.vectors.query(vector, k=400, where={"$and": conditions})
        return {h.metadata["org_id"]: h.score for h in hits if h.metadata.get("org_id") in wanted}


def _relaxable(explicit: CompanyFilters) -> list[str]:
    return [name for name, given in (("cities", explicit.cities), ("regions", explicit.regions),
                                     ("languages", explicit.languages)) if not given]


def _bonus(data: OrganisationData, terms: set[str], plan: _Plan) -> tuple[float, list[str]]:
    """Small score additions for what the question named, and the words that say why."""
    bonus = 0.0
    why: list[str] = []
    offered_text = f"{data.offers or ''} {data.description or ''}"
    shared_capabilities = sorted(plan.wanted_capabilities & capabilities(offered_text))
    offered = _words_matching(offered_text, terms)
    if shared_capabilities:
        bonus += min(2, len(shared_capabilities)) * CAPABILITY_BONUS
        why.append("offers " + ", ".join(shared_capabilities))
    if offered:
        bonus += LEXICAL_BONUS * min(1.0, len(offered) / max(1, len(terms)))
    if offered and not shared_capabilities:
        bonus += LEXICAL_BONUS * min(1.0, len(offered) / max(1, len(terms)))
        why.append("offers " + ", ".join(offered[:3]))
    elif data.offers and not shared_capabilities:
        why.append("offers " + _first_clause(data.offers))
    sectors = {fold(s) for s in data.sectors}
    shared_sectors = [s for s in plan.soft_sectors if fold(s) in sectors]
    if shared_sectors:
        bonus += SECTOR_BONUS
    if plan.sectors:
        shared_sectors = [s for s in data.sectors if fold(s) in {fold(x) for x in plan.sectors}]
    if shared_sectors:
        why.append("sector " + ", ".join(shared_sectors))
    place = ", ".join(x for x in (data.city, data.country) if x)
    if plan.soft_cities and fold(data.city or "") in {fold(c) for c in plan.soft_cities}:
        bonus += PLACE_BONUS * 2
    elif plan.soft_regions and fold(data.region or "") in {fold(r) for r in plan.soft_regions}:
        bonus += PLACE_BONUS * 1.5
    elif plan.soft_countries and data.country in plan.soft_countries:
        bonus += PLACE_BONUS
    elif plan.soft_countries and _mentions_country(data, plan.soft_countries):
        bonus += PLACE_BONUS / 2
        why.append("works with " + ", ".join(plan.soft_countries))
    if plan.countries or plan.regions or plan.cities or plan.soft_countries:
        why.append(f"in {place}")
    spoken = plan.languages or plan.soft_languages
    shared_languages = [code for code in spoken if code in data.languages]
    if shared_languages:
        if plan.soft_languages and not plan.languages:
            bonus += LANGUAGE_BONUS
        why.append("speaks " + ", ".join(shared_languages))
    if plan.certifications:
        wanted = {fold(c) for c in plan.certifications}
        why.append("certified " + ", ".join(c for c in data.certifications if fold(c) in wanted))
    return bonus, why


def _mentions_country(data: OrganisationData, countries: list[str]) -> bool:
    text = f"{data.offers or ''} {data.seeks or ''} {data.description or ''}"
    return bool(_countries_named(text) & set(countries))


@lru_cache(maxsize=4096)
def _countries_named(text: str) -> frozenset[str]:
    # Records change rarely and are read on every organisation question: analyse each once.
    return frozenset(analyse_query(text, "de").countries)


def _words_matching(text: str, terms: set[str]) -> list[str]:
    if not terms:
        return []
    seen: dict[str, str] = {}
    for word in re.findall(r"[^\W_]+(?:-[^\W_]+)*", text):
        stem = fold(word)[:6]
        if stem in terms and stem not in seen:
            seen[stem] = word
    return list(seen.values())


def _first_clause(text: str, limit: int = 60) -> str:
    clause = re.split(r"[.;:]", text, maxsplit=1)[0].strip()
    return clause if len(clause) <= limit else clause[:limit - 1].rsplit(" ", 1)[0] + "…"


def describe_place(hit: OrganisationHit, lang: str = "en") -> str:
    return ", ".join(x for x in (hit.city, country_name(hit.country, lang)) if x)
