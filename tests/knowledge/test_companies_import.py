"""Import and export of organisations, on SQLite and PostgreSQL (see conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge.companies.exporter import export_file
from knowledge.companies.importer import ImportFailed, import_file
from knowledge.companies.records import COLUMNS
from knowledge.companies.store import CompanyStore
from knowledge.settings import Settings

WriteFile = Callable[[str, str | bytes], Path]

HEADER = ",".join(COLUMNS)
GOOD_CSV = HEADER + "\n" + "\n".join([
    'cz-lak,Lakovna Vzorek s.r.o.,company,CZ,Liberecký kraj,Liberec,46001,,https://lak.example.com,'
    'info@lak.example.com,+420 000 000,,cs;de,metal processing,'
    '"Práškové lakování ocelových dílů, zinkování",Odběratelé v Sasku,'
    'Lakovna pro strojírenství,35,2004,ISO 9001,true',
    'de-cnc,CNC Muster GmbH,company,DE,Sachsen,Görlitz,02826,Musterweg 1,https://cnc.example.com,'
    ',,,"de;pl",machinery;metal processing,CNC-Fräsen und Drehen von Aluminiumteilen,'
    'Pulverbeschichtung für Stahlteile,,12,,,true',
    'inst-1,Beispielkammer,institution,DE,Sachsen,Dresden,,,,,,,de;en,,'
    'Exportberatung und Kontaktvermittlung,,,,,,false',
]) + "\n"


def _rows(settings: Settings) -> dict[str, dict]:
    return {r.id: r.as_dict() for r in CompanyStore(settings).all()}


def test_good_csv_imports_every_field(company_settings: Settings, write_file: WriteFile) -> None:
    report = import_file(company_settings, write_file("orgs.csv", GOOD_CSV))
    assert str(report) == "3 added, 0 updated, 0 unchanged (3 embedded)"
    store = CompanyStore(company_settings)
    assert store.count() == 3
    lak = store.get("cz-lak")
    assert lak is not None
    assert lak.languages == ["cs", "de"] and lak.sectors == ["metal processing"]
    assert lak.offers == "Práškové lakování ocelových dílů, zinkování"
    assert lak.employees == 35 and lak.founded == 2004 and lak.demo is True
    assert lak.postcode == "46001" and lak.region == "Liberecký kraj"
    inst = store.get("inst-1")
    assert inst is not None and inst.kind == "institution" and inst.demo is False
    # one profile vector each, a seeks vector only where something is sought
    assert store.vectors.count() == 5


@pytest.mark.parametrize(("line", "column", "message"), [
    (',No Id GmbH,company,DE' + ',' * 17, "id", "required value is missing"),
    ('x1,Nowhere Ltd,company,XX' + ',' * 17, "country", "unknown country code 'XX'"),
    ('x1,Many People GmbH,company,DE' + ',' * 14 + 'about 40' + ',' * 3, "employees",
     "'about 40' is not a whole number"),
    ('x1,Speaks GmbH,company,DE' + ',' * 9 + 'de;xx' + ',' * 8, "languages",
     "unknown language code 'xx'"),
    ('x1,Odd Kind,partner,DE' + ',' * 17, "kind", "'partner' is not one of"),
])
def test_each_bad_value_is_reported_by_row_and_column(
        company_settings: Settings, write_file: WriteFile, line: str, column: str,
        message: str) -> None:
    import_file(company_settings, write_file("before.csv", GOOD_CSV))
    before = _rows(company_settings)
    # The bad record sits in row 3, behind a good one that must not be imported either.
    good_new = 'ok-1,Fine GmbH,company,DE' + ',' * 17
    path = write_file("bad.csv", f"{HEADER}\n{good_new}\n{line}\n")
    with pytest.raises(ImportFailed) as caught:
        import_file(company_settings, path)
    errors = caught.value.errors
    assert [(e.row, e.column) for e in errors] == [(3, column)], errors
    assert message in errors[0].message
    assert f"row 3, column '{column}'" in str(caught.value)
    assert _rows(company_settings) == before


def test_unknown_column_and_duplicate_id_are_listed_together(
        company_settings: Settings, write_file: WriteFile) -> None:
    path = write_file("dup.csv", "id,name,country,colour\n"
                                 "a1,One,DE,red\n"
                                 "a2,Two,PL,blue\n"
                                 "a1,Three,CZ,green\n"
                                 "a4,,CZ,green\n")
    with pytest.raises(ImportFailed) as caught:
        import_file(company_settings, path)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(1, "colour"), (4, "id"), (5, "name")}
    assert "duplicate id 'a1' (first in row 2)" in str(caught.value)
    assert CompanyStore(company_settings).count() == 0


def test_wrong_encoding_is_a_clear_error(company_settings: Settings,
                                         write_file: WriteFile) -> None:
    latin1 = "id,name,country,city\nm1,Müller Metall,DE,Görlitz\n".encode("latin-1")
    with pytest.raises(ImportFailed) as caught:
        import_file(company_settings, write_file("latin1.csv", latin1))
    assert "not UTF-8" in str(caught.value) and "row 2" in str(caught.value)
    assert CompanyStore(company_settings).count() == 0


def test_json_and_jsonl_report_rows_and_accept_arrays(company_settings: Settings,
                                                      write_file: WriteFile) -> None:
    records = [
        {"id": "j1", "name": "Json One", "country": "pl", "languages": ["pl", "de"],
         "sectors": ["IT"], "employees": 7, "demo": True},
        {"id": "j2", "name": "Json Two", "country": "CZ", "employees": "seven"},
    ]
    with pytest.raises(ImportFailed) as caught:
        import_file(company_settings, write_file("a.json", json.dumps(records)))
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "employees")]
    lines = "\n".join(json.dumps(r) for r in records[:1]) + "\n" + '{"id": "j3", "name": "x", '
    with pytest.raises(ImportFailed) as caught:
        import_file(company_settings, write_file("b.jsonl", lines))
    assert [e.row for e in caught.value.errors] == [2]
    assert CompanyStore(company_settings).count() == 0

    import_file(company_settings, write_file("c.jsonl", json.dumps(records[0]) + "\n"))
    j1 = CompanyStore(company_settings).get("j1")
    assert j1 is not None and j1.country == "PL" and j1.languages == ["pl", "de"]


def test_reimport_updates_by_id_and_embeds_only_changes(company_settings: Settings,
                                                        write_file: WriteFile) -> None:
    import_file(company_settings, write_file("v1.csv", GOOD_CSV))
    again = import_file(company_settings, write_file("v1.csv", GOOD_CSV))
    assert (len(again.unchanged), again.embedded) == (3, 0)

    changed = GOOD_CSV.replace("CNC-Fräsen und Drehen von Aluminiumteilen",
                               "CNC-Fräsen von Edelstahl").replace(",12,", ",14,")
    changed = changed.replace("https://lak.example.com", "https://lakovna.example.com")
    report = import_file(company_settings, write_file("v2.csv", changed))
    assert sorted(report.updated) == ["cz-lak", "de-cnc"]
    # Only de-cnc's texts changed; a new website of cz-lak needs no new vector.
    assert report.embedded == 1
    store = CompanyStore(company_settings)
    cnc = store.get("de-cnc")
    assert cnc is not None and cnc.offers == "CNC-Fräsen von Edelstahl" and cnc.employees == 14
    texts = {h.id: h.text for h in store.vectors.all()}
    assert "Edelstahl" in texts["de-cnc::profile"]
    assert store.count() == 3


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".jsonl"])
def test_export_then_import_round_trips(company_settings: Settings, write_file: WriteFile,
                                        tmp_path: Path, suffix: str) -> None:
    import_file(company_settings, write_file("orgs.csv", GOOD_CSV))
    before = _rows(company_settings)
    exported = tmp_path / f"export{suffix}"
    assert export_file(company_settings, exported) == 3

    store = CompanyStore(company_settings)
    store.delete(list(before))
    assert store.count() == 0
    report = import_file(company_settings, exported)
    assert len(report.added) == 3
    assert _rows(company_settings) == before
