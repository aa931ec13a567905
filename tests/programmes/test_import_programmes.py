"""Import and export of the programme catalogue, and its migration, on SQLite and PostgreSQL.

The PostgreSQL half needs LOTSE_TEST_POSTGRES_URL (see tests/knowledge/conftest.py) and skips
with the reason without it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from knowledge.companies.importer import ImportFailed
from knowledge.db import MIGRATIONS_DIR, Database, forget_database, get_database
from knowledge.programmes.exporter import sheet_columns, write_records
from knowledge.programmes.importer import import_file, parse_file
from knowledge.programmes.models import Programme
from knowledge.programmes.records import ProgrammeRecord
from knowledge.programmes.store import ProgrammeStore
from tests.knowledge.conftest import Backend, backend_named

TRADE_FAIR = ProgrammeRecord(
    id="fair-grant", names={"de": "Messeförderung Muster", "en": "Trade fair grant (sample)",
                            "pl": "Dotacja targowa (przykład)", "cs": "Veletržní dotace (vzor)"},
    funder="Musterland Förderbank", kind="grant", purposes=("export_trade_fairs",),
    size_classes=("micro", "small", "medium"), legal_forms=("GmbH", "UG"),
    min_company_age_years=1.5, countries=("DE", "CZ"), regions=("DED", "CZ051"),
    sectors=("C", "J"), amount_min=1000.0, amount_max=15000.5, currency="EUR",
    funding_rate_max=50.0, funding_rate_note={"de": "Kleine Unternehmen 50 %, mittlere 35 %",
                                              "en": "Small firms 50 %, medium-sized 35 %"},
    de_minimis=True, opens_on=date(2026, 1, 1), closes_on=date(2027, 3, 31), rolling=False,
    how_to_apply={"en": "Online form, 8 weeks before the fair"},
    description={"de": "Zuschuss zu Standmiete und Reise bei Auslandsmessen, auch in Brünn.",
                 "en": "Grant towards stand rent and travel for fairs abroad, also in Brno.",
                 "fr": "Subvention pour les salons à l'étranger."},
    contact_org_id="wfs-sachsen", url="https://example.org/messe",
    source_url="https://example.org/messe/richtlinie", checked_on=date(2026, 11, 2), demo=True)
LOAN = ProgrammeRecord(
    id="energy-loan", names={"pl": "Pożyczka energetyczna (przykład)"}, funder="Bank Przykład",
    kind="loan", purposes=("energy", "investment"), countries=("PL",), regions=("PL51",),
    currency="PLN", amount_max=2_000_000.0, rolling=True, de_minimis=None,
    source_url="https://example.org/pozyczka", checked_on=date(2026, 10, 1))
RECORDS = [LOAN, TRADE_FAIR]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    chosen = backend_named(request.param)
    yield chosen
    chosen.drop_all()


@pytest.fixture
def store(backend: Backend, tmp_path: Path) -> Iterator[ProgrammeStore]:
    settings = backend.settings(tmp_path / "data")
    yield ProgrammeStore(get_database(settings))
    forget_database(settings)


def _csv(rows: list[dict[str, str]], header: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


HEADER = ["id", "names.de", "names.en", "funder", "kind", "purposes", "size_classes",
          "countries", "regions", "sectors", "amount_min", "amount_max", "currency",
          "funding_rate_max", "de_minimis", "opens_on", "closes_on", "rolling", "url",
          "source_url", "checked_on", "demo", "contact_org_id", "description.cs"]
GOOD = {"id": "ok-1", "names.de": "Gute Förderung", "names.en": "", "funder": "Land",
        "kind": "grant", "purposes": "innovation_rd; digitalisation", "size_classes": "small",
        "countries": "DE", "regions": "DED", "sectors": "C", "amount_min": "", "amount_max":
        "5000", "currency": "EUR", "funding_rate_max": "80", "de_minimis": "", "opens_on": "",
        "closes_on": "2027-06-30", "rolling": "false", "url": "", "source_url":
        "https://example.org/ok", "checked_on": "2026-11-30", "demo": "", "contact_org_id": "",
        "description.cs": "Dotace na inovace"}


def test_good_csv_imports_every_field(store: ProgrammeStore, tmp_path: Path) -> None:
    path = tmp_path / "programmes.csv"
    path.write_text(_csv([GOOD], HEADER), encoding="utf-8")
    report = import_file(store, path)
    assert (report.added, report.updated) == (["ok-1"], [])
    got = store.get("ok-1")
    assert got == ProgrammeRecord(
        id="ok-1", names={"de": "Gute Förderung"}, funder="Land", kind="grant",
        purposes=("innovation_rd", "digitalisation"), size_classes=("small",),
        countries=("DE",), regions=("DED",), sectors=("C",), amount_max=5000.0,
        currency="EUR", funding_rate_max=80.0, closes_on=date(2027, 6, 30),
        description={"cs": "Dotace na inovace"}, source_url="https://example.org/ok",
        checked_on=date(2026, 11, 30))
    # the same file again changes nothing
    assert import_file(store, path).unchanged == ["ok-1"]


# Every kind of bad value: (column, bad cell, words the message must contain); the error is
# reported at that column unless REPORTED_AT names another (a rule about two columns).
REPORTED_AT = {("names.de", ""): "names", ("amount_min", "9000"): "amount_max",
               ("opens_on", "2027-12-01"): "closes_on"}
BAD_CELLS = [
    ("id", "", "required value is missing"),
    ("id", "no spaces please", "not a usable id"),
    ("names.de", "", "at least one name"),
    ("funder", "", "required value is missing"),
    ("kind", "gift", "'gift' is not one of grant, loan"),
    ("kind", "", "required value is missing"),
    ("purposes", "innovation_rd;marketing", "'marketing' is not one of"),
    ("size_classes", "tiny", "'tiny' is not one of micro"),
    ("countries", "XX", "unknown country code 'XX'"),
    ("regions", "PL51", "'PL51' lies outside the countries DE"),
    ("regions", "Sachsen", "'SACHSEN' is not a NUTS code"),
    ("sectors", "Z", "'Z' is not a NACE section"),
    ("amount_max", "about 5000", "'about 5000' is not a number"),
    ("amount_max", "-5", "-5 is negative"),
    ("amount_min", "9000", "5000 is below amount_min 9000"),
    ("currency", "EURO", "unknown currency code 'EURO'"),
    ("currency", "", "an amount needs its currency"),
    ("funding_rate_max", "120", "120 is more than 100 percent"),
    ("closes_on", "31.06.2027", "'31.06.2027' is not a date"),
    ("opens_on", "2027-12-01", "2027-06-30 is before opens_on 2027-12-01"),
    ("checked_on", "", "required value is missing"),
    ("source_url", "", "required value is missing"),
    ("de_minimis", "maybe", "'maybe' is not true or false"),
    ("rolling", "sometimes", "'sometimes' is not true or false"),
    ("url", "www.example.org", "not an http(s) address"),
    ("contact_org_id", "WFS Sachsen", "not a usable organisation id"),
]


@pytest.mark.parametrize(("column", "cell", "message"), BAD_CELLS)
def test_each_bad_value_is_reported_by_row_and_column_and_nothing_changes(
        store: ProgrammeStore, tmp_path: Path, column: str, cell: str, message: str) -> None:
    store.upsert(RECORDS)
    before, signature = store.all(), store.signature()
    bad = GOOD | {"id": "bad-1", column: cell}
    # row 2 is good and new, row 3 is bad: neither may be imported
    path = tmp_path / "bad.csv"
    path.write_text(_csv([GOOD, bad], HEADER), encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_file(store, path)
    where = [(e.row, e.column) for e in caught.value.errors]
    assert (3, REPORTED_AT.get((column, cell), column)) in where, caught.value
    assert message in str(caught.value)
    assert store.all() == before and store.signature() == signature


def test_header_problems_duplicates_and_broken_lines(store: ProgrammeStore,
                                                     tmp_path: Path) -> None:
    store.upsert(RECORDS)
    before = store.all()
    path = tmp_path / "header.csv"
    header = [*HEADER, "names.xx", "budget"]
    rows = [GOOD | {"names.xx": "?", "budget": "1"}, GOOD]
    path.write_text(_csv(rows, header), encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_file(store, path)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert {(1, "names.xx"), (1, "budget"), (3, "id")} <= found
    assert "duplicate id 'ok-1' (first in row 2)" in str(caught.value)

    jsonl = tmp_path / "broken.jsonl"
    jsonl.write_text(json.dumps({"id": "a"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_file(store, jsonl)
    assert (2, "") in {(e.row, e.column) for e in caught.value.errors}

    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps({"programmes": [{"id": "n1", "names": {"de": "X", "zz": "Y"},
                                                  "funder": "F", "kind": "loan",
                                                  "source_url": "s",
                                                  "checked_on": "2026-01-01"}]}),
                      encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_file(store, nested)
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "names.zz")]
    assert store.all() == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".jsonl"])
def test_round_trip_in_every_format(store: ProgrammeStore, tmp_path: Path,
                                    suffix: str) -> None:
    store.upsert(RECORDS)
    path = tmp_path / f"catalogue{suffix}"
    assert write_records(store.all(), path) == 2
    assert parse_file(path) == sorted(RECORDS, key=lambda r: r.id)
    # ... and back into the database: replace_all with the export changes nothing
    report = import_file(store, path, replace=True)
    assert sorted(report.unchanged) == ["energy-loan", "fair-grant"] and not report.removed
    if suffix == ".csv":
        # the languages the records have beyond de/en/pl/cs get their own columns
        assert "description.fr" in sheet_columns(RECORDS)
        assert "description.fr" in path.read_text(encoding="utf-8").splitlines()[0]


def test_replace_all_removes_unnamed_and_a_failing_write_changes_nothing(
        store: ProgrammeStore) -> None:
    store.upsert(RECORDS)
    before, signature = store.all(), store.signature()
    broken = ProgrammeRecord(id="broken", names={"de": "X"}, funder="F", kind="grant",
                             description={"de": object()},  # type: ignore[dict-item]
                             source_url="s", checked_on=date(2026, 1, 1))
    with pytest.raises(TypeError):
        store.replace_all([TRADE_FAIR, broken])
    assert store.all() == before and store.signature() == signature
    report = store.replace_all([TRADE_FAIR])
    assert report.removed == ["energy-loan"] and store.signature() != signature
    assert [r.id for r in store.all()] == ["fair-grant"]


def _alembic(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def test_migration_0006_creates_the_model_table_and_goes_back(backend: Backend,
                                                              tmp_path: Path) -> None:
    settings = backend.settings(tmp_path / "data")
    db = get_database(settings)  # migrated to head
    try:
        columns = {c["name"] for c in inspect(db.engine).get_columns("programmes")}
        assert columns == {c.name for c in Programme.__table__.columns}
        cfg = _alembic(db)
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005_contact_client_key")
        assert "programmes" not in inspect(db.engine).get_table_names()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0006_programmes")
        assert "programmes" in inspect(db.engine).get_table_names()
        ProgrammeStore(db).upsert(RECORDS)
        assert ProgrammeStore(db).get("fair-grant") == TRADE_FAIR
    finally:
        forget_database(settings)


def test_the_lotse_programmes_commands(tmp_path: Path) -> None:
    """`lotse programmes import/list/export` as a user runs them: a real process."""
    import subprocess
    import sys

    from bot.cli import BUNDLED_PROGRAMMES

    lotse = str(Path(sys.executable).with_name("lotse"))
    data_dir = str(tmp_path / "data")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([lotse, "programmes", *args, "--data-dir", data_dir],
                              capture_output=True, text=True, timeout=300,
                              env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})

    bad = tmp_path / "bad.csv"
    bad.write_text(_csv([GOOD, GOOD | {"id": "b", "regions": "PL51"}], HEADER), encoding="utf-8")
    refused = run("import", str(bad))
    assert refused.returncode == 1
    assert "row 3, column 'regions': 'PL51' lies outside the countries DE" in refused.stderr
    assert json.loads(run("list", "--json").stdout) == []

    imported = run("import", str(BUNDLED_PROGRAMMES))
    assert imported.returncode == 0, imported.stderr
    listed = json.loads(run("list", "--country", "CZ", "--json").stdout)
    assert listed and all(not p["countries"] or "CZ" in p["countries"] for p in listed)
    ranked = json.loads(run("list", "wspólne stoisko na targach", "--limit", "3",
                            "--json").stdout)
    assert len(ranked) == 3 and ranked[0]["score"] >= ranked[-1]["score"]
    exported = tmp_path / "export.jsonl"
    assert run("export", str(exported)).returncode == 0
    assert parse_file(exported) == sorted(parse_file(BUNDLED_PROGRAMMES), key=lambda r: r.id)


def test_a_spreadsheet_with_typed_cells_imports(store: ProgrammeStore, tmp_path: Path) -> None:
    """A sheet a person made: real date cells, numbers, boolean cells, a blank row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "names.cs", "funder", "kind", "countries", "regions", "amount_max",
                  "currency", "funding_rate_max", "de_minimis", "closes_on", "source_url",
                  "checked_on"])
    sheet.append(["veletrhy-lk", "Veletržní příspěvek", "Liberecký kraj", "grant", "CZ",
                  "CZ051", 200000, "CZK", 50.5, True, date(2027, 2, 28),
                  "https://example.org/lk", date(2026, 11, 1)])
    sheet.append([None] * 13)
    path = tmp_path / "typed.xlsx"
    book.save(path)
    import_file(store, path)
    assert store.get("veletrhy-lk") == ProgrammeRecord(
        id="veletrhy-lk", names={"cs": "Veletržní příspěvek"}, funder="Liberecký kraj",
        kind="grant", countries=("CZ",), regions=("CZ051",), amount_max=200000.0,
        currency="CZK", funding_rate_max=50.5, de_minimis=True, closes_on=date(2027, 2, 28),
        source_url="https://example.org/lk", checked_on=date(2026, 11, 1))
