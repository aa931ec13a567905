"""Export organisations in the import format (CSV, XLSX, JSON, JSONL), so export -> import
gives back the same records."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from knowledge.companies.importer import FORMATS
from knowledge.companies.models import LIST_FIELDS
from knowledge.companies.records import COLUMNS, OrganisationData
from knowledge.companies.store import CompanyStore
from knowledge.settings import Settings


def _flat(record: OrganisationData) -> list[Any]:
    """One spreadsheet row: lists joined by ';', booleans as true/false, missing as empty."""
    data = record.as_dict()
    out: list[Any] = []
    for column in COLUMNS:
        value = data[column]
        if column in LIST_FIELDS:
            value = ";".join(value)
        elif column == "demo":
            value = "true" if value else "false"
        out.append("" if value is None else value)
    return out


def write_records(records: list[OrganisationData], path: Path | str) -> int:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"unsupported format '{suffix}'; use " + ", ".join(FORMATS))
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            writer.writerows(_flat(r) for r in records)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "organisations"
        sheet.append(list(COLUMNS))
        for r in records:
            # Text cells stay text: a postcode "01067" must not become the number 1067.
            sheet.append([v if isinstance(v, int) else str(v) for v in _flat(r)])
        book.save(path)
    elif suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r.as_dict(), ensure_ascii=False) + "\n")
    else:
        path.write_text(json.dumps([r.as_dict() for r in records], ensure_ascii=False,
                                   indent=2) + "\n", encoding="utf-8")
    return len(records)


def export_file(settings: Settings, path: Path | str) -> int:
    """Write every organisation to `path` (format by suffix); returns how many."""
    return write_records(CompanyStore(settings).all(), path)
