"""Export the catalogue in the import format (CSV, XLSX, JSON, JSONL): export -> import gives
back the same records."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from knowledge.companies.importer import FORMATS
from knowledge.programmes.records import (
    COLUMN_ORDER,
    LANGUAGES,
    LIST_FIELDS,
    TEXT_FIELDS,
    ProgrammeRecord,
    to_row,
)


def sheet_columns(records: list[ProgrammeRecord]) -> list[str]:
    """The flat header: one column per language of each text field (de, en, pl, cs always,
    then any other language a record has)."""
    languages = list(LANGUAGES)
    for record in records:
        for name in TEXT_FIELDS:
            languages += [code for code in getattr(record, name) if code not in languages]
    columns: list[str] = []
    for column in COLUMN_ORDER:
        if column.endswith(".*"):
            columns += [f"{column[:-2]}.{code}" for code in languages]
        else:
            columns.append(column)
    return columns


def sheet_cells(record: ProgrammeRecord, columns: list[str]) -> list[Any]:
    """One spreadsheet row: lists joined by ';', booleans as true/false, missing as empty."""
    data = to_row(record)
    out: list[Any] = []
    for column in columns:
        base, _, language = column.partition(".")
        value = data[base].get(language) if language else data[column]
        if column in LIST_FIELDS:
            value = ";".join(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        out.append("" if value is None else value)
    return out


def write_records(records: list[ProgrammeRecord], path: Path | str) -> int:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"unsupported format '{suffix}'; use " + ", ".join(FORMATS))
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".csv", ".xlsx"):
        columns = sheet_columns(records)
        rows = [sheet_cells(r, columns) for r in records]
        if suffix == ".csv":
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(columns)
                writer.writerows(rows)
        else:
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            sheet.title = "programmes"
            sheet.append(columns)
            for cells in rows:
                # Text stays text, numbers stay numbers: a sector "E" or an id "2027" must
                # not be turned into something else by the spreadsheet.
                sheet.append([c if isinstance(c, int | float) else str(c) for c in cells])
            book.save(path)
    elif suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(to_row(r), ensure_ascii=False) + "\n")
    else:
        path.write_text(json.dumps([to_row(r) for r in records], ensure_ascii=False,
                                   indent=2) + "\n", encoding="utf-8")
    return len(records)
