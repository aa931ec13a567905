"""Reads and writes of organisations; SQL and the vector collection change together.

Every organisation has a "profile" vector (name, sectors, offers, description) and, when it seeks
something, a "seeks" vector. A write embeds only records whose texts changed, and it is all or
nothing: if the vector write fails the SQL transaction rolls back; if the SQL commit fails the
vectors written so far are put back as they were.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select

from knowledge.codes import fold, list_key
from knowledge.companies.models import Organisation
from knowledge.companies.records import COLUMNS, OrganisationData
from knowledge.db import Database, get_database, utcnow
from knowledge.embeddings import Embedder, get_embedder
from knowledge.settings import Settings
from knowledge.vectorstore import ORGANISATIONS, VectorCollection, open_collection

log = logging.getLogger("lotse.companies")

PROFILE = "profile"
SEEKS = "seeks"


def vector_id(org_id: str, part: str) -> str:
    return f"{org_id}::{part}"


@dataclass
class WriteReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    embedded: int = 0

    def __str__(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged ({self.embedded} embedded)")

    @property
    def total(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)


@dataclass
class _PreparedVectors:
    ids: list[str]
    vectors: np.ndarray
    texts: list[str]
    metadatas: list[dict[str, str]]
    stale: list[str]  # seeks vectors of records that no longer seek anything


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class CompanyStore:
    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 db: Database | None = None) -> None:
        self.settings = settings
        self.db = db or get_database(settings)
        self._embedder = embedder
        self._vectors: VectorCollection | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def vectors(self) -> VectorCollection:
        # Opened on first use: counting rows must not load a model or touch Chroma.
        if self._vectors is None:
            self._vectors = open_collection(self.settings, ORGANISATIONS, self.embedder)
        return self._vectors

    # -- reads --------------------------------------------------------------------------------
    def count(self) -> int:
        with self.db.session() as s:
            return int(s.scalar(select(func.count(Organisation.id))) or 0)

    def get(self, org_id: str) -> OrganisationData | None:
        with self.db.session() as s:
            row = s.get(Organisation, org_id)
            return OrganisationData.from_model(row) if row is not None else None

    def get_many(self, ids: list[str]) -> dict[str, OrganisationData]:
        out: dict[str, OrganisationData] = {}
        with self.db.session() as s:
            for chunk in _chunks(ids):
                for row in s.scalars(select(Organisation).where(Organisation.id.in_(chunk))):
                    out[row.id] = OrganisationData.from_model(row)
        return out

    def all(self) -> list[OrganisationData]:
        with self.db.session() as s:
            rows = s.scalars(select(Organisation).order_by(Organisation.id))
            return [OrganisationData.from_model(r) for r in rows]

    # -- writes -------------------------------------------------------------------------------
    def write(self, records: list[OrganisationData]) -> WriteReport:
        """Insert or update by id, all or nothing."""
        report = WriteReport()
        if not records:
            return report
        identity = self.embedder.identity
        ids = [r.id for r in records]
        restore: list[OrganisationData] = []  # previous state of records whose vectors change
        new_vector_ids: list[str] = []
        vectors_touched = False
        try:
            with self.db.session() as s:
                existing: dict[str, Organisation] = {}
                for chunk in _chunks(ids):
                    for row in s.scalars(select(Organisation).where(Organisation.id.in_(chunk))):
                        existing[row.id] = row
                have_vectors = self._present_profile_vectors(ids)
                to_embed: list[OrganisationData] = []
                for record in records:
                    row = existing.get(record.id)
                    digest = _embedding_hash(record, identity)
                    if row is None:
                        row = Organisation(id=record.id)
                        s.add(row)
                        report.added.append(record.id)
                    elif OrganisationData.from_model(row) == record:
                        report.unchanged.append(record.id)
                    else:
                        report.updated.append(record.id)
                    needs_vectors = (row.embedded_hash != digest
                                     or record.id not in have_vectors)
                    if needs_vectors:
                        if record.id in existing and record.id in have_vectors:
                            restore.append(OrganisationData.from_model(existing[record.id]))
                        to_embed.append(record)
                    if record.id in report.unchanged and not needs_vectors:
                        continue
                    _fill(row, record)
                    row.embedded_hash = digest
                    row.updated_at = utcnow()
                # Constraint errors surface here, before any vector is written.
                s.flush()
                if to_embed:
                    # Embed everything before writing anything: an embeddings endpoint that
                    # fails halfway then leaves the collection untouched, and the undo below
                    # (which needs that endpoint) is not needed.
                    prepared = self._embed_vectors(to_embed)
                    vectors_touched = True
                    new_vector_ids = [vector_id(r.id, p) for r in to_embed
                                      for p in (PROFILE, SEEKS)]
                    self._put_vectors(prepared)
                    report.embedded = len(to_embed)
            return report
        except BaseException:
            if vectors_touched:
                self._undo_vectors(new_vector_ids, restore)
            raise

    def delete(self, ids: list[str]) -> int:
        with self.db.session() as s:
            rows = [s.get(Organisation, i) for i in ids]
            rows = [r for r in rows if r is not None]
            for row in rows:
                s.delete(row)
            s.flush()
            self.vectors.delete([vector_id(r.id, p) for r in rows for p in (PROFILE, SEEKS)])
            return len(rows)

    def _present_profile_vectors(self, ids: list[str]) -> set[str]:
        present: set[str] = set()
        for chunk in _chunks(ids):
            got = self.vectors.ids(where={"$and": [{"part": PROFILE},
                                                   {"org_id": {"$in": chunk}}]})
            present.update(vid.rsplit("::", 1)[0] for vid in got)
        return present

    def _write_vectors(self, records: list[OrganisationData]) -> int:
        self._put_vectors(self._embed_vectors(records))
        return len(records)

    def _embed_vectors(self, records: list[OrganisationData]) -> _PreparedVectors:
        """The vectors of `records`, computed but not yet written anywhere."""
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, str]] = []
        stale: list[str] = []
        for r in records:
            meta = {"org_id": r.id, "kind": r.kind, "country": r.country}
            ids.append(vector_id(r.id, PROFILE))
            texts.append(r.profile_text())
            metas.append(meta | {"part": PROFILE})
            if r.seeks_text():
                ids.append(vector_id(r.id, SEEKS))
                texts.append(r.seeks_text())
                metas.append(meta | {"part": SEEKS})
            else:
                stale.append(vector_id(r.id, SEEKS))
        return _PreparedVectors(ids, self.embedder.embed_passages(texts), texts, metas, stale)

    def _put_vectors(self, prepared: _PreparedVectors) -> None:
        self.vectors.upsert(prepared.ids, prepared.vectors, prepared.texts, prepared.metadatas)
        if prepared.stale:
            self.vectors.delete(prepared.stale)

    def _undo_vectors(self, written: list[str], previous: list[OrganisationData]) -> None:
        """Put the vector collection back as it was before a failed write."""
        try:
            self.vectors.delete(written)
            if previous:
                self._write_vectors(previous)
        except Exception:  # the original error matters more; this one only goes to the log
            log.exception("could not restore organisation vectors after a failed write; "
                          "re-import the file to repair the index")


def _embedding_hash(record: OrganisationData, identity: str) -> str:
    payload = "\x1f".join((identity, record.kind, record.country, record.profile_text(),
                           record.seeks_text()))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fill(row: Organisation, record: OrganisationData) -> None:
    for column in COLUMNS:
        setattr(row, column, getattr(record, column))
    row.languages_key = list_key(record.languages)
    row.sectors_key = list_key(record.sectors)
    row.certifications_key = list_key(record.certifications)
    row.region_key = fold(record.region or "")
    row.city_key = fold(record.city or "")
