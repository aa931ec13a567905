"""Organisation search: explicit filters in SQL, meaning in the vector collection, and what
the question names as soft constraints.

Explicit filters (a staff member's CLI options, an LLM's validated tool call) decide which
organisations qualify. What the question itself names (the place searched in, a spoken
language, a capability) is a constraint too, but a soft one: organisations that meet every
named constraint are shown; when none does, the least essential constraint is given up (city,
then spoken language, region, capability, country) and the result says which one
(`OrganisationResults.unmet`), so the answer can say "no powder coater in Czechia; the nearest
are ..." instead of silently showing nothing or something else. The question's embedding,
compared with each organisation's profile, ranks them; the multilingual embedder lets a Polish
question find a supplier described in German. Support institutions are ranked with the place
as a preference only, because a Saxon agency can help with exports to Czechia.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import func, or_, select

from knowledge.codes import country_name, fold
from knowledge.companies.models import KINDS, Organisation
from knowledge.companies.records import OrganisationData
from knowledge.companies.snapshot import OrganisationSnapshotFile, SavedOrganisations
from knowledge.companies.store import PROFILE, SEEKS, CompanyStore
from knowledge.embeddings import Embedder
from knowledge.settings import Settings
from knowledge.tuning import ORGANISATION, OrganisationTuning, for_embedder
from knowledge.understanding import QueryAnalyser, QueryAnalysis, capabilities
from knowledge.understanding.gazetteer import town_coordinates
from knowledge.understanding.lexicon import all_words
from knowledge.understanding.vocabulary import DataVocabulary

# Above this many candidates only the nearest ones by cosine go on to the per-record scoring
# (bonuses, constraints, reasons: Python per record); the demo database and a typical region
# stay far below it. The cosines themselves are one matrix product over the in-memory copy.
EXACT_SCORING_LIMIT = 2000
NEAREST_WHEN_MANY = 400
# How stale the analyser's view of the records' words may be (an import is seen this late).
VOCABULARY_RECHECK_SECONDS = 2.0
# With fewer than this many organisations meeting every named constraint, the nearest ones that
# miss one are added after them (marked), so one exact hit does not end the list.
MIN_FULL_MATCHES = 3
# Constraints in the order they are given up when nothing meets them all.
RELAX_ORDER = ("cities", "areas", "languages", "certifications", "regions", "capabilities",
               "countries")
# A named area (a landscape, a town no record names) with no organisation within this many km
# of its circles is outside what the data serves: the answer says there are none there
# instead of listing organisations from elsewhere. Chosen, not swept: well beyond a town's
# 25 km, well below the 150-250 km from the demo data to Munich, Hamburg or Brno.
OUTSIDE_MARGIN_KM = 30.0
# Organisations missing a named area rank by distance: the place bonus fades to nothing this
# many km beyond the area.
AREA_FADE_KM = 100.0

# Words of a certification's name that may identify it: three or more letters or digits.
_WORD_OR_NUMBER = re.compile(r"[^\W_]{3,}", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]{3,}|\d*[a-z]+\d+\w*|cnc|pcb|plc|smd|ems|erp|mes", re.UNICODE)


@lru_cache(maxsize=1)
def _stop_stems() -> frozenset[str]:
    # Words every question has (data/words/<lang>.yaml); they are not its subject.
    return frozenset(w[:6] for w in all_words("stop") | all_words("search_cues"))


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
    # Named constraints this organisation does not meet (it is one of the nearest, shown
    # because too few meet them all): "cities", "languages", "regions", "capabilities", ...
    misses: list[str] = field(default_factory=list)

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
class Constraints:
    """What the question names as its target: met by an organisation or not, never a filter."""

    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    # Landscapes and towns no record names, with their circles (lat, lon, km).
    certifications: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    circles: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)
    uncertain: bool = False  # an area was read from an ending or a typo only
    # Not a constraint: the countries of a named city or region, so that the nearest
    # organisations outside the city come from the same country first.
    near_countries: list[str] = field(default_factory=list)

    def named(self) -> list[str]:
        return [name for name in RELAX_ORDER if getattr(self, name)]

    def km_beyond_areas(self, where: tuple[float, float] | None) -> float | None:
        """How far outside the nearest named area's circles a place lies (0 inside); None
        when its coordinates are unknown."""
        if where is None:
            return None
        return max(0.0, min(_km(where, (lat, lon)) - radius for area in self.areas
                            for lat, lon, radius in self.circles.get(area, [])))

    def missed_by(self, data: OrganisationData, offered: frozenset[str],
                  where: tuple[float, float] | None = None) -> list[str]:
        missed: list[str] = []
        if self.areas and self.km_beyond_areas(where) != 0.0:
            missed.append("areas")
        if self.countries and data.country not in self.countries:
            missed.append("countries")
        if self.regions and fold(data.region or "") not in {fold(r) for r in self.regions}:
            missed.append("regions")
        if self.cities and fold(data.city or "") not in {fold(c) for c in self.cities}:
            missed.append("cities")
        if self.languages and not set(self.languages) & set(data.languages):
            missed.append("languages")
        if self.certifications and not {fold(c) for c in self.certifications} & {
                fold(c) for c in data.certifications}:
            missed.append("certifications")
        if self.capabilities and not set(self.capabilities) & offered:
            missed.append("capabilities")
        return missed


@dataclass
class OrganisationResults:
    hits: list[OrganisationHit]
    # Named constraints no shown organisation meets (the answer says so); those met by some
    # hits only are in each hit's `misses`.
    unmet: list[str] = field(default_factory=list)
    constraints: Constraints = field(default_factory=Constraints)
    # Places the question searches in that no organisation is in or near (a country without
    # organisations, a town or landscape far from all of them): then there are no hits.
    outside: list[str] = field(default_factory=list)


@dataclass
class _Scored:
    total: float
    cosine: float
    data: OrganisationData
    why: list[str]
    misses: list[str]
    # Offers a trade the question names (taxonomy capability): relevant whatever its cosine,
    # which is lower for a record written in another language than the question.
    trade_match: bool = False


def query_terms(text: str) -> set[str]:
    """Folded 6-letter word stems of a question, without words every question has."""
    stop = _stop_stems()
    return {w[:6] for w in _WORD.findall(fold(text)) if w[:6] not in stop}


@dataclass
class _Snapshot:
    """Every organisation's record, its unit vectors per part (PROFILE, SEEKS) and the words
    the records use (`knowledge.understanding.vocabulary`)."""

    signature: str
    records: dict[str, OrganisationData]
    vectors: dict[str, tuple[dict[str, int], np.ndarray]]
    vocabulary: DataVocabulary
    # Each record's capabilities per part, worked out on first use: with 10,000 records the
    # nearest 400 of every question overflowed `capabilities`' own cache, and each miss
    # tokenised and matched the record's text again (docs/PERFORMANCE.md, third session).
    _offered: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    _ids_of_kinds: dict[tuple[str, ...], list[str]] = field(default_factory=dict)

    def ids_of(self, kinds: list[str]) -> list[str]:
        """The ids of every organisation of these kinds (worked out once per copy)."""
        key = tuple(sorted(kinds))
        found = self._ids_of_kinds.get(key)
        if found is None:
            found = self._ids_of_kinds[key] = [org_id for org_id, data in self.records.items()
                                               if data.kind in key]
        return found

    def offered(self, data: OrganisationData, part: str) -> frozenset[str]:
        key = (data.id, part)
        found = self._offered.get(key)
        if found is None:
            # The record's own sectors count as offered: a sector often names the trade
            # ("optical coatings") where the offer text words it another way.
            text = (data.seeks or "") if part == SEEKS else \
                f"{data.offers or ''} {data.description or ''}. {'. '.join(data.sectors)}"
            found = self._offered[key] = capabilities(text)
        return found

    @classmethod
    def load(cls, signature: str, store: CompanyStore) -> _Snapshot:
        # Saved beside the data by the last process that built it (knowledge/companies/
        # snapshot.py): building it is most of a `lotse ask` with 10,000 organisations.
        saved_file = OrganisationSnapshotFile(store.settings.data_dir)
        identity = store.embedder.identity
        saved = saved_file.read(signature, identity)
        if saved is not None:
            return cls(signature, saved.records, saved.vectors, saved.vocabulary)
        records = {r.id: r for r in store.all()}
        hits, matrix = store.vectors.all_with_vectors()
        vectors: dict[str, tuple[dict[str, int], np.ndarray]] = {}
        for part in (PROFILE, SEEKS):
            chosen = [n for n, h in enumerate(hits) if h.metadata.get("part") == part]
            unit = matrix[chosen] if chosen else np.zeros((0, store.embedder.dim), np.float32)
            norms = np.linalg.norm(unit, axis=1, keepdims=True)
            rows = {str(hits[n].metadata.get("org_id")): row for row, n in enumerate(chosen)}
            vectors[part] = (rows, unit / np.where(norms == 0, 1, norms))
        vocabulary = DataVocabulary.build((r.id, r.kind, r.offers, r.seeks, r.sectors)
                                          for r in records.values())
        saved_file.write(signature, identity, SavedOrganisations(records, vectors, vocabulary))
        return cls(signature, records, vectors, vocabulary)


class CompanySearch:
    """Created once per process; holds the store, the embedder and the query analyser."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.store = CompanyStore(settings, embedder)
        self.tuning: OrganisationTuning = for_embedder(
            ORGANISATION, getattr(self.store.embedder, "identity", None), "organisation")
        self.analyser = QueryAnalyser(self.store.embedder,
                                      cache_dir=settings.data_dir / "understanding",
                                      database_places=self._database_places,
                                      signature=self._signature,
                                      vocabulary=self._vocabulary,
                                      certifications=self._certification_words)
        self._snapshot_lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        self._where: tuple[str, dict[str, tuple[float, float]]] | None = None
        self._certifications: tuple[str, dict[str, str]] | None = None
        self._vocabulary_checked = 0.0

    def warm(self) -> None:
        """Build the analyser's data and the in-memory copy of the organisations now (a server
        calls this at start instead of on the first question)."""
        self.analyser.warm()
        self._current()

    # -- the gazetteer's view of the database --------------------------------------------------
    def _signature(self) -> str:
        with self.store.db.session() as s:
            count, latest = s.execute(select(func.count(Organisation.id),
                                             func.max(Organisation.updated_at))).one()
        return f"{count}:{latest}"

    def _current(self) -> _Snapshot:
        """Records and vectors of every organisation, in process, replaced when the database
        changed (its signature is read on every call, so an import by another process shows at
        once; an import writes its vectors before its SQL commit, so a new signature always
        finds them). Every question scores every candidate: reading their records from SQL and
        asking Chroma for their cosines was about half of a turn (docs/PERFORMANCE.md,
        1 December 2026); the copy turns both into a dictionary lookup and one matrix product."""
        signature = self._signature()
        with self._snapshot_lock:
            if self._snapshot is None or self._snapshot.signature != signature:
                self._snapshot = _Snapshot.load(signature, self.store)
            return self._snapshot

    def _vocabulary(self) -> DataVocabulary:
        """The records' words for the analyser; like its gazetteer, rechecked against the
        database at most every VOCABULARY_RECHECK_SECONDS (a signature read per question
        would be most of the analysis time)."""
        now = time.monotonic()
        snapshot = self._snapshot
        if snapshot is None or now - self._vocabulary_checked >= VOCABULARY_RECHECK_SECONDS:
            snapshot = self._current()
            self._vocabulary_checked = now
        return snapshot.vocabulary

    def _certification_words(self) -> dict[str, str]:
        """The words that name one certification only among those the records hold ("16949",
        "iatf", "fsc"; not "iso"), for the analyser; rechecked like the vocabulary."""
        snapshot = self._snapshot
        if snapshot is None or self._certifications is None \
                or self._certifications[0] != snapshot.signature:
            self._vocabulary()
            snapshot = self._snapshot
            assert snapshot is not None
            labels: dict[str, set[str]] = {}
            for data in snapshot.records.values():
                for label in data.certifications:
                    for word in _WORD_OR_NUMBER.findall(fold(label)):
                        labels.setdefault(word, set()).add(label)
            self._certifications = (snapshot.signature, {
                word: next(iter(names)) for word, names in labels.items() if len(names) == 1})
        return self._certifications[1]

    def _database_places(self) -> tuple[str, list[tuple[str | None, str | None, str]]]:
        signature = self._signature()
        with self.store.db.session() as s:
            rows = s.execute(select(Organisation.city, Organisation.region,
                                    Organisation.country).distinct()).all()
        return signature, [(city, region, country) for city, region, country in rows]

    # -- search --------------------------------------------------------------------------------
    def search(self, query: str, lang: str, limit: int = 5,
               analysis: QueryAnalysis | None = None,
               filters: CompanyFilters | None = None) -> list[OrganisationHit]:
        return self.search_detailed(query, lang, limit, analysis, filters).hits

    def search_detailed(self, query: str, lang: str, limit: int = 5,
                        analysis: QueryAnalysis | None = None,
                        filters: CompanyFilters | None = None,
                        vector: np.ndarray | None = None) -> OrganisationResults:
        if limit <= 0:
            return OrganisationResults([])
        if analysis is None:
            analysis = (self.analyser.analyse(query, lang, vector) if query.strip()
                        else QueryAnalysis())
        explicit = filters or CompanyFilters()
        if vector is None and query.strip():
            vector = self.store.embedder.embed_query(query)
        terms = query_terms(query)
        seekers = bool(getattr(analysis, "wants_seekers", False)) and not explicit.kind
        # The question's trade words as the records use them (for buyers: what the asker
        # offers, compared with what records seek).
        data_terms = tuple(getattr(analysis, "offered_terms" if seekers else "trade_terms", [])
                           or ())
        wanted = frozenset(analysis.capabilities)
        if seekers:
            # Who seeks what the asker offers: the asker's own trade is the constraint.
            wanted |= frozenset(getattr(analysis, "offered_capabilities", []))
        else:
            # the asker's own trade ("Wir bauen Sondermaschinen") is not what they look for
            wanted |= capabilities(query) - frozenset(
                getattr(analysis, "offered_capabilities", []) or [])
        # Explicit filters replace what the question names for the same field.
        named = Constraints(
            countries=[] if explicit.countries else list(analysis.countries),
            regions=[] if explicit.regions else list(analysis.regions),
            cities=[] if explicit.cities else list(analysis.cities),
            languages=[] if explicit.languages else list(analysis.spoken_languages),
            certifications=[] if explicit.certifications else list(
                getattr(analysis, "certifications", []) or []),
            capabilities=sorted(wanted))
        # A named region or city already says the country; "Sachsen" needs no "DE" check.
        if not explicit.cities and not explicit.regions:
            named.areas = list(getattr(analysis, "areas", []) or [])
            named.circles = dict(getattr(analysis, "area_circles", {}) or {})
            named.uncertain = bool(getattr(analysis, "uncertain_areas", None))
        if named.regions or named.cities or named.areas:
            named.near_countries = named.countries
            named.countries = []
        outside = self._outside(named, explicit)
        if outside:
            return OrganisationResults([], [], named, outside)
        sectors = list(analysis.sectors)

        if explicit.kind:
            return self._ranked(vector, terms, [explicit.kind], explicit, named, sectors, limit,
                                data_terms=data_terms)
        hits: list[OrganisationHit] = []
        unmet: list[str] = []
        if analysis.wants_institutions:
            slots = limit if not analysis.wants_organisations else max(1, min(3, limit - 2))
            # For institutions the places (searched and the asker's own) are preferences.
            preferred = Constraints(
                countries=named.countries + list(analysis.countries)
                + list(analysis.origin_countries),
                regions=named.regions + list(analysis.origin_regions),
                cities=named.cities + list(analysis.origin_cities),
                languages=named.languages)
            hits = self._ranked(vector, terms, ["institution"], explicit, Constraints(),
                                sectors, slots, preferred=preferred,
                                data_terms=data_terms).hits
        if analysis.wants_organisations or not analysis.wants_institutions:
            remaining = limit - len(hits)
            if remaining > 0:
                part = SEEKS if seekers else PROFILE
                companies = OrganisationResults([])
                if "research" in getattr(analysis, "kinds", []):
                    # "Forschungsinstitut", "instytut badawczy": research bodies first.
                    companies = self._ranked(vector, terms, ["research"], explicit, named,
                                             sectors, remaining, part=part,
                                             data_terms=data_terms)
                if not companies.hits:
                    companies = self._ranked(vector, terms, ["company", "research"], explicit,
                                             named, sectors, remaining, part=part,
                                             data_terms=data_terms)
                hits += companies.hits
                unmet = companies.unmet
        return OrganisationResults(hits, unmet, named)

    # -- one ranked pass -----------------------------------------------------------------------
    def _ranked(self, vector: np.ndarray | None, terms: set[str], kinds: list[str],
                explicit: CompanyFilters, named: Constraints, sectors: list[str], limit: int,
                preferred: Constraints | None = None, part: str = PROFILE,
                data_terms: tuple[str, ...] = ()) -> OrganisationResults:
        """One ranked list; `part` SEEKS ranks by what organisations seek (the asker offers
        it) instead of by their profile."""
        # One copy per pass: its signature is a database read, and records and vectors must
        # come from the same state.
        snapshot = self._current()
        candidates = self._candidates(kinds, explicit, snapshot)
        # The explicit filters a staff member or model did not set themselves are loosened
        # one at a time when nothing qualifies: a CNC shop in Görlitz is a fair answer for
        # Zittau.
        for name in ("cities", "regions", "languages"):
            if candidates:
                break
            if getattr(explicit, name):
                explicit = explicit.model_copy(update={name: []})
                candidates = self._candidates(kinds, explicit, snapshot)
        if not candidates:
            return OrganisationResults([], named.named(), named)
        where = self._coordinates(snapshot)
        similarities = self._similarities(snapshot, vector, candidates, part)
        records = snapshot.records
        scored: list[_Scored] = []
        for org_id, cosine in similarities.items():
            data = records.get(org_id)
            if data is None:
                continue
            offered = snapshot.offered(data, part)
            bonus, why = self._bonus(data, offered, terms, named, sectors, explicit, preferred,
                                     part)
            if data_terms and not set(named.capabilities) & offered:
                # No taxonomy trade links the question and this record: the question's own
                # trade words, where the record uses them, stand in for one.
                bonus += self.tuning.data_term_bonus * snapshot.vocabulary.overlap(
                    data.id, list(data_terms), "seeks" if part == SEEKS else "offers")
            if named.areas:
                # Inside a named area, or nearer to it: a place preference, faded by distance.
                beyond = named.km_beyond_areas(where.get(data.id))
                if beyond is not None:
                    bonus += self.tuning.place_bonus * max(0.0, 1 - beyond / AREA_FADE_KM)
            scored.append(_Scored(cosine + bonus, cosine, data, why,
                                  named.missed_by(data, offered, where.get(data.id)),
                                  bool(set(named.capabilities) & offered)))
        if not scored:
            return OrganisationResults([], named.named(), named)
        scored.sort(key=lambda item: (-item.total, item.data.name))

        # Soft constraints: those meeting all come first; give up constraints in RELAX_ORDER
        # until something meets the rest, and say which were given up.
        given_up: list[str] = []
        pool = [item for item in scored if not item.misses]
        for name in RELAX_ORDER:
            if pool or name not in named.named():
                continue
            given_up.append(name)
            pool = [item for item in scored if not set(item.misses) - set(given_up)]
        pool = pool or scored
        full = self._within_window(pool, limit)
        shown = list(full)
        if len(shown) < min(MIN_FULL_MATCHES, limit) and named.named():
            # Too few meet everything: the nearest that miss one more constraint follow.
            ids = {item.data.id for item in shown}
            nearest = [item for item in scored if item.data.id not in ids
                       and len(set(item.misses) - set(given_up)) == 1]
            # Missing a city or a spoken language is nearer than missing the trade or country.
            nearest.sort(key=lambda item: (
                RELAX_ORDER.index(next(iter(set(item.misses) - set(given_up)))),
                item.data.country not in named.near_countries))
            shown += self._within_window(nearest, min(MIN_FULL_MATCHES, limit) - len(shown),
                                         best=full[0].cosine if full else None)
        hits = []
        for item in shown:
            hit = OrganisationHit.from_data(item.data, item.total, "; ".join(item.why))
            hit.misses = [m for m in item.misses if m not in given_up]
            hits.append(hit)
        return OrganisationResults(hits, given_up, named)

    def _coordinates(self, snapshot: _Snapshot) -> dict[str, tuple[float, float]]:
        """Where each organisation lies (its city in data/towns.tsv), per copy of the data."""
        with self._snapshot_lock:
            if self._where is not None and self._where[0] == snapshot.signature:
                return self._where[1]
        where: dict[str, tuple[float, float]] = {}
        for org_id, data in snapshot.records.items():
            found = town_coordinates(data.city, data.country)
            if found is not None:
                where[org_id] = found
        with self._snapshot_lock:
            self._where = (snapshot.signature, where)
        return where

    def _outside(self, named: Constraints, explicit: CompanyFilters) -> list[str]:
        """The places the question searches in, when every one of them lies where the data
        has no organisation (module constants); empty otherwise."""
        if explicit.countries or explicit.regions or explicit.cities or named.cities \
                or named.regions or not named.areas or named.uncertain:
            return []
        snapshot = self._current()
        # A country named beside the town ("a German firm for a fair in Nuremberg") is a
        # target the data may serve; the town may be where something happens, not the firm.
        served = {data.country for data in snapshot.records.values()}
        if any(code in served for code in named.countries + named.near_countries):
            return []
        if named.areas:
            where = self._coordinates(snapshot)
            if not where:  # no organisation has known coordinates: nothing to judge by
                return []
            points = np.radians(np.array(list(where.values()), dtype=np.float64))
            for area in named.areas:
                for lat, lon, radius in named.circles.get(area, []):
                    if float(_km_many(points, lat, lon).min()) - radius <= OUTSIDE_MARGIN_KM:
                        return []
            return list(named.areas)
        return []

    def _within_window(self, items: list[_Scored], limit: int,
                       best: float | None = None) -> list[_Scored]:
        if not items or limit <= 0:
            return []
        best = items[0].cosine if best is None else best
        out: list[_Scored] = []
        for item in items:
            # Results further below the best cosine are noise for this question, unless they
            # offer the trade it names.
            if out and item.cosine < best - self.tuning.relevance_window \
                    and not item.trade_match:
                continue
            out.append(item)
            if len(out) >= limit:
                break
        return out

    def admitted(self, filters: CompanyFilters) -> set[str]:
        """The ids of the organisations the explicit filters admit (every kind unless one is
        named), unranked: the one filter behind this search, the staff console's list and
        `lotse companies search` (bot/core/services/organisations.py)."""
        kinds = [filters.kind] if filters.kind else list(KINDS)
        return set(self._candidates(kinds, filters, self._current()))

    def _candidates(self, kinds: list[str], explicit: CompanyFilters,
                    snapshot: _Snapshot) -> list[str]:
        if not (explicit.countries or explicit.regions or explicit.cities
                or explicit.languages or explicit.sectors or explicit.certifications):
            # Most questions: every organisation of the kinds asked for. The in-memory copy
            # has them; reading 10,000 ids from SQL was ~40 ms per question (docs/
            # PERFORMANCE.md, third session).
            return snapshot.ids_of(kinds)
        stmt = select(Organisation.id).where(Organisation.kind.in_(kinds))
        if explicit.countries:
            stmt = stmt.where(Organisation.country.in_(explicit.countries))
        if explicit.regions:
            stmt = stmt.where(Organisation.region_key.in_([fold(r) for r in explicit.regions]))
        if explicit.cities:
            stmt = stmt.where(Organisation.city_key.in_([fold(c) for c in explicit.cities]))
        for column, values in ((Organisation.languages_key, explicit.languages),
                               (Organisation.sectors_key, explicit.sectors),
                               (Organisation.certifications_key, explicit.certifications)):
            if values:
                stmt = stmt.where(or_(*[column.like(f"%;{fold(v)};%") for v in values]))
        with self.store.db.session() as s:
            return list(s.scalars(stmt))

    def _similarities(self, snapshot: _Snapshot, vector: np.ndarray | None,
                      candidates: list[str], part: str = PROFILE) -> dict[str, float]:
        if vector is None:  # filters only (the CLI without a query)
            return dict.fromkeys(candidates, 0.0)
        rows, matrix = snapshot.vectors[part]  # `_Snapshot.load` fills every part
        present = [org_id for org_id in candidates if org_id in rows]
        if not present:
            return {}
        norm = float(np.linalg.norm(vector)) or 1.0
        # One product over the whole matrix, then the candidates' entries of it: taking their
        # rows out of the matrix first copied it (15 MB with 10,000 organisations) per search.
        every = matrix @ (vector / norm)
        cosines = every[np.fromiter((rows[org_id] for org_id in present), dtype=np.intp,
                                    count=len(present))]
        if len(present) > EXACT_SCORING_LIMIT:
            # The nearest by cosine, as the vector index's nearest-neighbour query gave them,
            # without a round trip to Chroma's server per question.
            nearest = np.argpartition(-cosines, NEAREST_WHEN_MANY)[:NEAREST_WHEN_MANY]
            return {present[i]: float(cosines[i]) for i in nearest}
        return {org_id: float(c) for org_id, c in zip(present, cosines, strict=True)}

    def _bonus(self, data: OrganisationData, offered: frozenset[str], terms: set[str],
               named: Constraints, sectors: list[str], explicit: CompanyFilters,
               preferred: Constraints | None, part: str = PROFILE) -> tuple[float, list[str]]:
        """Small score additions for what the question named, and the words that say why."""
        tuning = self.tuning
        bonus = 0.0
        why: list[str] = []
        seeking = part == SEEKS
        offered_text = (data.seeks or "") if seeking else \
            f"{data.offers or ''} {data.description or ''}"
        shared_capabilities = sorted(set(named.capabilities) & offered)
        words = _words_matching(offered_text, terms)
        if seeking:
            why.append("seeks " + (", ".join(shared_capabilities) if shared_capabilities
                                   else _first_clause(data.seeks or "")))
            if shared_capabilities:
                bonus += tuning.capability_bonus
            words = []
        elif shared_capabilities:
            bonus += min(2, len(shared_capabilities)) * tuning.capability_bonus
            why.append("offers " + ", ".join(shared_capabilities))
        if words:
            bonus += tuning.lexical_bonus * min(1.0, len(words) / max(1, len(terms)))
        if words and not shared_capabilities:
            bonus += tuning.lexical_bonus * min(1.0, len(words) / max(1, len(terms)))
            why.append("offers " + ", ".join(words[:3]))
        elif data.offers and not shared_capabilities and not seeking:
            why.append("offers " + _first_clause(data.offers))
        own_sectors = {fold(x) for x in data.sectors}
        shared_sectors = [x for x in sectors if fold(x) in own_sectors]
        if shared_sectors:
            bonus += tuning.sector_bonus
        if explicit.sectors:
            wanted = {fold(x) for x in explicit.sectors}
            shared_sectors = [x for x in data.sectors if fold(x) in wanted]
        if shared_sectors:
            why.append("sector " + ", ".join(shared_sectors))
        place = ", ".join(x for x in (data.city, data.country) if x)
        if preferred is not None:
            if preferred.cities and fold(data.city or "") in {fold(c) for c in preferred.cities}:
                bonus += tuning.place_bonus * 2
            elif preferred.regions and fold(data.region or "") in {
                    fold(r) for r in preferred.regions}:
                bonus += tuning.place_bonus * 1.5
            elif preferred.countries and data.country in preferred.countries:
                bonus += tuning.place_bonus
            elif preferred.countries and _mentions_country(data, preferred.countries):
                bonus += tuning.place_bonus / 2
                why.append("works with " + ", ".join(preferred.countries))
        if (named.countries or named.regions or named.cities or explicit.countries
                or named.areas or explicit.regions or explicit.cities
                or (preferred and preferred.countries)):
            why.append(f"in {place}")
        spoken = explicit.languages or named.languages or (preferred.languages if preferred
                                                           else [])
        shared_languages = [code for code in spoken if code in data.languages]
        if shared_languages:
            if not explicit.languages:
                bonus += tuning.language_bonus
            why.append("speaks " + ", ".join(shared_languages))
        if explicit.certifications:
            wanted = {fold(c) for c in explicit.certifications}
            why.append("certified " + ", ".join(c for c in data.certifications
                                                if fold(c) in wanted))
        return bonus, why


def _km_many(points: np.ndarray, lat: float, lon: float) -> np.ndarray:
    """Haversine km from (lat, lon) to every row of `points` (radians: latitude, longitude)."""
    p, q = np.radians(lat), np.radians(lon)
    a = (np.sin((points[:, 0] - p) / 2) ** 2
         + np.cos(p) * np.cos(points[:, 0]) * np.sin((points[:, 1] - q) / 2) ** 2)
    return 12742.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    from knowledge.understanding.gazetteer import distance_km

    return distance_km(a[0], a[1], b[0], b[1])


def _mentions_country(data: OrganisationData, countries: list[str]) -> bool:
    text = f"{data.offers or ''} {data.seeks or ''} {data.description or ''}"
    return bool(_countries_named(text) & set(countries))


@lru_cache(maxsize=4096)
def _countries_named(text: str) -> frozenset[str]:
    # Records change rarely and are read on every institution question: analyse each once.
    # Only the places matter here, so no embedding is needed.
    from knowledge.understanding import places_named

    return frozenset(place.country for place in places_named(text))


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
