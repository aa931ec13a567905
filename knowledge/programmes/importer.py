"""Import programmes from CSV, XLSX, JSON or JSONL: the whole file or nothing.

Reading and row numbering are the organisation importer's (knowledge/companies/importer.py);
only the columns and the validation of a row are the catalogue's own.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.companies.importer import FORMATS, ImportFailed, read_rows, validated_records
from knowledge.programmes.records import COLUMNS, ProgrammeRecord, validate_row
from knowledge.programmes.store import CatalogueWriteReport, ProgrammeStore

__all__ = ["FORMATS", "ImportFailed", "import_file", "parse_file"]


def parse_file(path: Path | str) -> list[ProgrammeRecord]:
    """Every record of the file, validated; raises ImportFailed listing every error."""
    path = Path(path)
    rows, errors = read_rows(path, COLUMNS, records_key="programmes")
    return validated_records(path, rows, errors, validate_row)


def import_file(store: ProgrammeStore, path: Path | str, *,
                replace: bool = False) -> CatalogueWriteReport:
    """Validate the whole file, then write it in one transaction. `replace` also removes the
    programmes the file does not name (the file becomes the catalogue)."""
    records = parse_file(path)
    return store.replace_all(records) if replace else store.upsert(records)
