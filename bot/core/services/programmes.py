"""The funding catalogue for staff: list it filtered (or ranked by meaning), read, add and edit
a programme, import and export files. `lotse programmes ...` and the console's programme pages
use this service, so both filter the catalogue the same way.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from knowledge.companies.importer import FORMATS
from knowledge.db import Database
from knowledge.embeddings import Embedder
from knowledge.programmes.exporter import write_records
from knowledge.programmes.importer import ImportFailed, parse_file
from knowledge.programmes.index import ProgrammeIndex
from knowledge.programmes.records import ProgrammeRecord
from knowledge.programmes.store import CatalogueWriteReport, ProgrammeStore
from knowledge.settings import Settings

# Faces refuse an import by this error and offer these formats (the organisations' formats).
__all__ = ["FORMATS", "ImportFailed", "ProgrammeService", "programme_matches"]


def programme_matches(record: ProgrammeRecord, *, country: str = "", purpose: str = "",
                      kind: str = "", include_closed: bool = True,
                      today: date | None = None) -> bool:
    """The catalogue filter: open to `country` (a programme naming no country is open to
    all), for `purpose`, of `kind`, and not closed unless `include_closed`."""
    return ((not country or not record.countries or country.upper() in record.countries)
            and (not purpose or purpose in record.purposes)
            and (not kind or record.kind == kind)
            and (include_closed or not record.is_closed(today or date.today())))


class ProgrammeService:
    def __init__(self, settings: Settings, embedder: Embedder | None, db: Database) -> None:
        self.settings = settings
        self._embedder = embedder
        self.store = ProgrammeStore(db)
        self._index: ProgrammeIndex | None = None
        self._index_lock = threading.Lock()

    @property
    def index(self) -> ProgrammeIndex:
        """One per process: it keeps the catalogue's vectors in memory between searches."""
        with self._index_lock:
            if self._index is None:
                self._index = ProgrammeIndex(self.settings, self._embedder, store=self.store)
            return self._index

    def all(self) -> list[ProgrammeRecord]:
        return self.store.all()

    def get(self, programme_id: str) -> ProgrammeRecord | None:
        return self.store.get(programme_id)

    def count(self) -> int:
        return self.store.count()

    def listing(self, query: str = "", *, country: str = "", purpose: str = "",
                kind: str = "", include_closed: bool = True, today: date | None = None,
                records: list[ProgrammeRecord] | None = None
                ) -> list[tuple[ProgrammeRecord, float | None]]:
        """The catalogue filtered, ranked by meaning when there is a `query` (with its score),
        in catalogue order otherwise (score None). `records`: the catalogue when the caller
        has read it already."""
        everything = self.all() if records is None else records
        if query.strip():
            ranked: list[tuple[ProgrammeRecord, float | None]] = list(
                self.index.search(query, k=max(len(everything), 1)))
        else:
            ranked = [(record, None) for record in everything]
        return [(record, score) for record, score in ranked
                if programme_matches(record, country=country, purpose=purpose, kind=kind,
                                     include_closed=include_closed, today=today)]

    def save(self, record: ProgrammeRecord) -> None:
        """Add or replace one programme (checked like an imported row by the caller)."""
        self.store.upsert([record])

    def check_file(self, path: Path) -> list[ProgrammeRecord]:
        """The records of an import file, all checked; `ImportFailed` lists every error."""
        return parse_file(path)

    def write(self, records: list[ProgrammeRecord], *, replace: bool = False
              ) -> CatalogueWriteReport:
        """Records in one transaction; `replace` also removes the programmes they do not
        name (the file becomes the catalogue)."""
        return self.store.replace_all(records) if replace else self.store.upsert(records)

    def import_file(self, path: Path, *, replace: bool = False) -> CatalogueWriteReport:
        """A whole file, all or nothing (`ImportFailed` lists every error)."""
        return self.write(self.check_file(path), replace=replace)

    def sync_index(self) -> int:
        """Embed what changed (now, not at the first question that searches the catalogue);
        returns how many programmes were embedded."""
        return self.index.sync()

    def export_file(self, path: Path) -> int:
        return write_records(self.all(), path)
