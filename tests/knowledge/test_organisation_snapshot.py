"""The organisation search's saved copy: a new process answers from it as from the database,
and never from a copy of another database state."""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.companies.importer import import_file
from knowledge.companies.search import CompanySearch
from knowledge.companies.snapshot import FILE_NAME
from knowledge.embeddings import Embedder
from knowledge.settings import Settings

RECORDS = [
    {"id": "snap-laser", "name": "Lausitzer Laserschneiden GmbH", "country": "DE",
     "city": "Görlitz", "offers": "Laserschneiden und Biegen von Blechteilen",
     "seeks": "Abnehmer im Maschinenbau", "sectors": ["Metallbearbeitung"]},
    {"id": "snap-powder", "name": "Liberecké práškové lakování s.r.o.", "country": "CZ",
     "city": "Liberec", "offers": "Práškové lakování kovových dílů",
     "sectors": ["Povrchové úpravy"]},
    {"id": "snap-agency", "name": "Wirtschaftsagentur Oberlausitz", "kind": "institution",
     "country": "DE", "city": "Bautzen", "offers": "Exportberatung und Messebeteiligungen",
     "sectors": ["Wirtschaftsförderung"]},
]
NEW_RECORD = {"id": "snap-injection", "name": "Jeleniogórski Wtrysk Sp. z o.o.", "country": "PL",
              "city": "Jelenia Góra", "offers": "Wtryskiwanie tworzyw sztucznych",
              "sectors": ["Tworzywa sztuczne"]}
QUESTIONS = [("Wer macht Laserschneiden in Görlitz?", "de"),
             ("Hledám práškové lakování", "cs"),
             ("Who helps with export advice?", "en"),
             ("Szukam firmy od wtryskiwania tworzyw", "pl")]


def write_records(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def results(search: CompanySearch) -> list[list[tuple[str, float]]]:
    return [[(hit.id, round(hit.score, 5)) for hit in search.search(question, lang)]
            for question, lang in QUESTIONS]


def test_a_new_process_answers_from_the_saved_copy_as_from_the_database(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    import_file(settings, write_records(tmp_path / "orgs.jsonl", RECORDS))
    built = results(CompanySearch(settings, embedder))
    saved = settings.data_dir / FILE_NAME
    assert saved.exists()
    made_at = saved.stat().st_mtime_ns

    # A second search object is what a new `lotse ask` has: it reads the file, leaves it alone
    # and ranks exactly as the one that read SQL and Chroma.
    assert results(CompanySearch(settings, embedder)) == built
    assert saved.stat().st_mtime_ns == made_at
    assert built[0][0][0] == "snap-laser"


def test_an_import_makes_the_saved_copy_stale(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    import_file(settings, write_records(tmp_path / "orgs.jsonl", RECORDS))
    before = results(CompanySearch(settings, embedder))
    assert "snap-injection" not in {org for hits in before for org, _ in hits}
    old_copy = (settings.data_dir / FILE_NAME).read_bytes()

    import_file(settings, write_records(tmp_path / "more.jsonl", [NEW_RECORD]))
    after = results(CompanySearch(settings, embedder))
    assert after[3][0][0] == "snap-injection"
    assert (settings.data_dir / FILE_NAME).read_bytes() != old_copy


def test_an_unreadable_copy_is_rebuilt(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    import_file(settings, write_records(tmp_path / "orgs.jsonl", RECORDS))
    built = results(CompanySearch(settings, embedder))
    saved = settings.data_dir / FILE_NAME
    saved.write_bytes(b"cut short")

    assert results(CompanySearch(settings, embedder)) == built
    assert saved.read_bytes() != b"cut short"


def test_unfiltered_candidates_come_from_the_copy_and_match_the_database(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    from sqlalchemy import select

    from knowledge.companies.models import Organisation
    from knowledge.companies.search import CompanyFilters

    import_file(settings, write_records(tmp_path / "orgs.jsonl", RECORDS))
    search = CompanySearch(settings, embedder)
    snapshot = search._current()
    for kinds in (["company"], ["institution"], ["company", "institution", "research"]):
        with search.store.db.session() as s:
            in_sql = set(s.scalars(select(Organisation.id).where(Organisation.kind.in_(kinds))))
        assert set(search._candidates(kinds, CompanyFilters(), snapshot)) == in_sql
    # An explicit filter still goes to SQL (its keys are folded columns there).
    assert search._candidates(["company"], CompanyFilters(countries=["CZ"]),
                              snapshot) == ["snap-powder"]
