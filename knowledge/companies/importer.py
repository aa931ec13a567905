"""Import organisations from CSV, XLSX, JSON or JSONL: the whole file or nothing.

Rows are numbered as the user sees them: for CSV and XLSX the header is row 1, for JSONL the
line number, for a JSON array the position of the record (1 = first).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, TypeVar

from knowledge.companies.records import COLUMNS, OrganisationData, RowError, validate_row
from knowledge.companies.store import CompanyStore, WriteReport
from knowledge.settings import Settings

T = TypeVar("T")

FORMATS = (".csv", ".xlsx", ".json", ".jsonl")


class ImportFailed(ValueError):
    """The file was rejected whole; `errors` lists every problem by row and column."""

    def __init__(self, path: Path | str, errors: list[RowError]) -> None:
        self.path = Path(path)
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors)
        noun = "error" if len(errors) == 1 else "errors"
        super().__init__(f"{self.path.name}: {len(errors)} {noun}, nothing was imported:\n{lines}")


Rows = list[tuple[int, dict[str, Any]]]


def read_rows(path: Path, columns: Collection[str] = COLUMNS,
              records_key: str = "organisations") -> tuple[Rows, list[RowError]]:
    """Raw records with their row numbers, and errors of the header (reported once, at row 1,
    rather than in every row). Raises ImportFailed when the file cannot be read at all.

    `columns` are the allowed headers (the programme catalogue passes its own), `records_key`
    the key under which a JSON object may wrap its array of records."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ImportFailed(path, [RowError("", "", f"unsupported format '{suffix}'; use "
                                           + ", ".join(FORMATS))])
    if not path.is_file():
        raise ImportFailed(path, [RowError("", "", "file not found")])
    if suffix == ".xlsx":
        return _read_xlsx(path, columns)
    text = _read_utf8(path)
    if suffix == ".csv":
        return _read_csv(path, text, columns)
    if suffix == ".jsonl":
        return _read_jsonl(path, text), []
    return _read_json(path, text, records_key), []


def _read_utf8(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(path, [RowError(row, "", f"the file is not UTF-8 (byte "
                                           f"0x{data[exc.start]:02X} at offset {exc.start}); "
                                           "save it as UTF-8 and import again")]) from None


def _read_csv(path: Path, text: str, columns: Collection[str]) -> tuple[Rows, list[RowError]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed(path, [RowError(1, "", "the file is empty")]) from None
    header = [h.strip() for h in header]
    errors = _header_errors(header, columns)
    known = [h if h in columns else "" for h in header]
    rows: Rows = []
    for record in reader:
        row = reader.line_num  # physical line, so quoted multi-line cells keep numbers right
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            errors.append(RowError(row, "", f"{len(record)} cells but the header has "
                                   f"{len(header)} columns"))
            continue
        rows.append((row, {h: v for h, v in zip(known, record, strict=False) if h}))
    return rows, errors


def _header_errors(header: list[str], columns: Collection[str]) -> list[RowError]:
    errors = [RowError(1, h or "(empty)", "unknown column; allowed: " + ", ".join(columns))
              for h in header if h not in columns]
    seen: set[str] = set()
    for h in header:
        if h in seen:
            errors.append(RowError(1, h, "column appears twice"))
        seen.add(h)
    return errors


def _read_xlsx(path: Path, columns: Collection[str]) -> tuple[Rows, list[RowError]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken file
        raise ImportFailed(path, [RowError("", "", f"not a readable XLSX workbook ({exc})")]) \
            from None
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        first = next(lines, None)
        if first is None:
            raise ImportFailed(path, [RowError(1, "", "the sheet is empty")])
        header = ["" if h is None else str(h).strip() for h in first]
        while header and not header[-1]:
            header.pop()
        errors = _header_errors(header, columns)
        known = [h if h in columns else "" for h in header]
        rows: Rows = []
        for number, cells in enumerate(lines, start=2):
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            rows.append((number, {h: c for h, c in zip(known, cells, strict=False) if h}))
        return rows, errors
    finally:
        book.close()


def _read_jsonl(path: Path, text: str) -> Rows:
    rows: Rows = []
    errors: list[RowError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(RowError(number, "", f"not valid JSON ({exc.msg} at column "
                                   f"{exc.colno})"))
            continue
        if not isinstance(obj, dict):
            errors.append(RowError(number, "", "each line must be one JSON object"))
            continue
        rows.append((number, obj))
    if errors:
        raise ImportFailed(path, errors)
    return rows


def _read_json(path: Path, text: str, records_key: str) -> Rows:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(path, [RowError(exc.lineno, "", f"not valid JSON ({exc.msg})")]) \
            from None
    if isinstance(data, dict) and isinstance(data.get(records_key), list):
        data = data[records_key]
    if not isinstance(data, list):
        raise ImportFailed(path, [RowError("", "", "expected a JSON array of objects")])
    rows: Rows = []
    errors: list[RowError] = []
    for number, obj in enumerate(data, start=1):
        if isinstance(obj, dict):
            rows.append((number, obj))
        else:
            errors.append(RowError(number, "", "each record must be a JSON object"))
    if errors:
        raise ImportFailed(path, errors)
    return rows


def validated_records(
        path: Path, rows: Rows, errors: list[RowError],
        validate: Callable[[int, dict[str, Any]], tuple[T | None, list[RowError]]],
) -> list[T]:
    """Every row checked by `validate` and ids checked for duplicates; raises ImportFailed
    listing every error of the file (the reader's and the rows'), so nothing is written from a
    file with one bad cell. Shared by the organisation and the programme import."""
    records: list[T] = []
    first_row: dict[str, int | str] = {}
    for row, raw in rows:
        record, row_errors = validate(row, raw)
        errors.extend(row_errors)
        ident = str(raw.get("id") or "").strip()
        if ident:
            if ident in first_row:
                errors.append(RowError(row, "id", f"duplicate id '{ident}' (first in row "
                                       f"{first_row[ident]})"))
            else:
                first_row[ident] = row
        if record is not None:
            records.append(record)
    if errors:
        raise ImportFailed(path, errors)
    return records


def parse_file(path: Path | str) -> list[OrganisationData]:
    """Every record of the file, validated; raises ImportFailed listing every error."""
    path = Path(path)
    rows, errors = read_rows(path)
    return validated_records(path, rows, errors, validate_row)


def import_file(settings: Settings, path: Path | str, *,
                store: CompanyStore | None = None) -> WriteReport:
    """Validate the whole file, then write it in one transaction (SQL and vectors together)."""
    records = parse_file(path)
    return (store or CompanyStore(settings)).write(records)
