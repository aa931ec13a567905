"""Organisations for staff: search them as the assistant does, list and count them, read one,
import and export files, match who offers what another seeks.

`lotse companies ...` and the console's organisation pages use this service, so a search from
either finds what the assistant would find for the same words and filters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge.companies.exporter import write_records
from knowledge.companies.importer import FORMATS, ImportFailed, parse_file
from knowledge.companies.matching import Match, OrganisationMatcher, UnknownOrganisation
from knowledge.companies.records import OrganisationData
from knowledge.companies.search import CompanyFilters, CompanySearch, OrganisationHit
from knowledge.companies.store import CompanyStore, WriteReport
from knowledge.db import Database
from knowledge.embeddings import Embedder
from knowledge.language import detect_language
from knowledge.settings import Settings
from knowledge.understanding import QueryAnalysis

# What faces name when they build a filter, refuse an import or offer the file formats.
__all__ = ["FORMATS", "CompanyFilters", "ImportFailed", "OrganisationHit", "OrganisationService",
           "UnknownOrganisation"]


class OrganisationService:
    def __init__(self, settings: Settings, embedder: Embedder | None, db: Database,
                 search: CompanySearch | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._db = db
        self._search = search

    @property
    def store(self) -> CompanyStore:
        return CompanyStore(self.settings, self._embedder, self._db)

    @property
    def search_engine(self) -> CompanySearch:
        # The assistant's own search when there is an assistant (its in-memory copy is warm).
        if self._search is None:
            self._search = CompanySearch(self.settings)
        return self._search

    def count(self) -> int:
        return self.store.count()

    def get(self, org_id: str) -> OrganisationData | None:
        return self.store.get(org_id)

    def all(self) -> list[OrganisationData]:
        return self.store.all()

    def search(self, query: str, *, filters: CompanyFilters | None = None, limit: int = 10,
               lang: str | None = None) -> list[OrganisationHit]:
        """The assistant's organisation search (by meaning, soft constraints from the words,
        explicit `filters`), listing organisations whatever the question's intent: staff ask
        for organisations explicitly. Without words, the filters alone decide."""
        query_lang = lang or (detect_language(query) if query.strip() else None) or "en"
        search = self.search_engine
        analysis = (search.analyser.analyse(query, query_lang) if query.strip()
                    else QueryAnalysis())
        analysis.wants_organisations = True
        return search.search(query, query_lang, limit=limit, analysis=analysis,
                             filters=filters)

    def matching(self, filters: CompanyFilters) -> list[OrganisationData]:
        """Every organisation the filters admit, unranked (in the store's order): the same
        filter the search applies, for listing without a question."""
        admitted = self.search_engine.admitted(filters)
        return [record for record in self.all() if record.id in admitted]

    def warm(self) -> None:
        """Build (or load from the data dir) the example-question and trade-label vectors now,
        not at the first question."""
        self.search_engine.analyser.warm()

    def check_file(self, path: Path) -> list[OrganisationData]:
        """The records of an import file, all checked; `ImportFailed` lists every error by row
        and column, and nothing is written."""
        return parse_file(path)

    def write(self, records: list[OrganisationData]) -> WriteReport:
        """Records into the database and their vectors, in one transaction."""
        return self.store.write(records)

    def import_file(self, path: Path) -> WriteReport:
        """A whole file, all or nothing; re-importing an id updates that record."""
        return self.write(self.check_file(path))

    def export_file(self, path: Path) -> int:
        """Every organisation in the import format (the format follows the suffix)."""
        return write_records(self.all(), path)

    def match(self, org_id: str, limit: int = 5) -> list[Match]:
        """Who offers what `org_id` seeks and who seeks what it offers; `UnknownOrganisation`
        for an id that is not stored."""
        return OrganisationMatcher(self.settings).match(org_id, limit=limit)

    def facets(self, organisations: list[Any]) -> dict[str, list[str]]:
        """The values the filter form offers: kinds, countries, sectors, spoken languages."""
        return {"kinds": sorted({o.kind for o in organisations}),
                "countries": sorted({o.country for o in organisations}),
                "sectors": sorted({s for o in organisations for s in o.sectors}),
                "spoken": sorted({x for o in organisations for x in o.languages})}
