"""Reads and writes of the programme catalogue (SQL only; the semantic index in `index.py` is
derived from it and follows it by content hash).

Every write is one transaction: a failing record leaves the catalogue as it was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields

from sqlalchemy import delete, select

from knowledge.db import Database, utcnow
from knowledge.programmes.models import Programme
from knowledge.programmes.records import ProgrammeRecord, to_row


@dataclass
class CatalogueWriteReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged, {len(self.removed)} removed")


def content_hash(record: ProgrammeRecord) -> str:
    payload = json.dumps(to_row(record), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _record(row: Programme) -> ProgrammeRecord:
    values = {f.name: getattr(row, f.name) for f in fields(ProgrammeRecord)}
    for name in ("purposes", "size_classes", "legal_forms", "countries", "regions", "sectors"):
        values[name] = tuple(values[name] or ())
    for name in ("names", "funding_rate_note", "how_to_apply", "description"):
        values[name] = dict(values[name] or {})
    values["rolling"] = bool(values["rolling"])
    values["demo"] = bool(values["demo"])
    return ProgrammeRecord(**values)


def _fill(row: Programme, record: ProgrammeRecord, digest: str) -> None:
    for f in fields(ProgrammeRecord):
        value = getattr(record, f.name)
        # JSON columns get plain lists and dicts, which is what they read back as.
        setattr(row, f.name, list(value) if isinstance(value, tuple) else value)
    row.content_hash = digest
    row.updated_at = utcnow()


class ProgrammeStore:
    """The catalogue in the database the `Database` (engine and session factory) points to."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reads --------------------------------------------------------------------------------
    def all(self) -> list[ProgrammeRecord]:
        with self.db.session() as s:
            return [_record(r) for r in s.scalars(select(Programme).order_by(Programme.id))]

    def get(self, programme_id: str) -> ProgrammeRecord | None:
        with self.db.session() as s:
            row = s.get(Programme, programme_id)
            return _record(row) if row is not None else None

    def count(self) -> int:
        return len(self.hashes())

    def hashes(self) -> dict[str, str]:
        """id -> content hash of every programme (what the index compares against)."""
        with self.db.session() as s:
            rows = s.execute(select(Programme.id, Programme.content_hash))
            return {ident: content for ident, content in rows}

    def signature(self) -> str:
        """Changes whenever any programme is added, changed or removed (for caches)."""
        digest = hashlib.sha256()
        for ident, content in sorted(self.hashes().items()):
            digest.update(f"{ident}\x1f{content}\x1e".encode())
        return digest.hexdigest()

    # -- writes -------------------------------------------------------------------------------
    def upsert(self, records: list[ProgrammeRecord]) -> CatalogueWriteReport:
        """Insert or update by id, all or nothing; programmes not named stay."""
        return self._write(records, remove_others=False)

    def replace_all(self, records: list[ProgrammeRecord]) -> CatalogueWriteReport:
        """Make the catalogue exactly `records`, all or nothing."""
        return self._write(records, remove_others=True)

    def delete(self, ids: list[str]) -> int:
        with self.db.session() as s:
            result = s.execute(delete(Programme).where(Programme.id.in_(ids)))
            return int(result.rowcount or 0)

    def _write(self, records: list[ProgrammeRecord], *,
               remove_others: bool) -> CatalogueWriteReport:
        ids = [r.id for r in records]
        if len(set(ids)) != len(ids):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"duplicate programme ids: {', '.join(duplicates)}")
        report = CatalogueWriteReport()
        with self.db.session() as s:
            existing = {row.id: row for row in s.scalars(select(Programme))}
            for record in records:
                digest = content_hash(record)
                row = existing.get(record.id)
                if row is None:
                    row = Programme(id=record.id)
                    s.add(row)
                    report.added.append(record.id)
                elif row.content_hash == digest:
                    report.unchanged.append(record.id)
                    continue
                else:
                    report.updated.append(record.id)
                _fill(row, record, digest)
            if remove_others:
                keep = set(ids)
                for ident, row in existing.items():
                    if ident not in keep:
                        s.delete(row)
                        report.removed.append(ident)
        return report
