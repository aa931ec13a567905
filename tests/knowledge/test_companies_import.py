"""Import and export of organisations, on SQLite and PostgreSQL (see conftest.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import openai
import pytest
from sqlalchemy import select

from knowledge.companies.exporter import export_file
from knowledge.companies.importer import ImportFailed, import_file
from knowledge.companies.models import Organisation
from knowledge.companies.records import COLUMNS
from knowledge.companies.store import CompanyStore
from knowledge.settings import Settings
from tests.knowledge.conftest import Backend

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


# -- a failure at the embeddings endpoint in the middle of an import ------------------------------
class EmbeddingsServer(ThreadingHTTPServer):
    """An OpenAI-compatible `POST /v1/embeddings` endpoint that answers the first `allowed`
    requests and fails every later one with a 500, as an overloaded provider does."""

    allowed: int | None = None  # None: never fail
    requests = 0
    failed = 0
    lock = threading.Lock()


def _fake_vector(text: str, dim: int = 16) -> list[float]:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return [(b - 127.5) / 127.5 for b in digest[:dim]]


class _EmbeddingsHandler(BaseHTTPRequestHandler):
    server: EmbeddingsServer

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path != "/v1/embeddings":
            self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        with self.server.lock:
            self.server.requests += 1
            fail = self.server.allowed is not None and self.server.requests > self.server.allowed
            self.server.failed += int(fail)
        if fail:
            # retry-after-ms keeps the client's own retries (it retries a 500) to milliseconds
            self._send(500, {"error": {"message": "upstream overloaded", "type": "server_error"}},
                       {"retry-after-ms": "1"})
            return
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = []
        for index, text in enumerate(texts):
            vector = _fake_vector(text)
            # The client asks for base64 (packed float32) unless told otherwise.
            embedding: Any = vector if body.get("encoding_format") == "float" else \
                base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")
            data.append({"object": "embedding", "index": index, "embedding": embedding})
        self._send(200, {"object": "list", "data": data, "model": body["model"],
                         "usage": {"prompt_tokens": len(texts), "total_tokens": len(texts)}})

    def _send(self, status: int, payload: dict[str, Any],
              headers: dict[str, str] | None = None) -> None:
        raw = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # keep the test output clean


@pytest.fixture
def embeddings_server() -> Iterator[EmbeddingsServer]:
    server = EmbeddingsServer(("127.0.0.1", 0), _EmbeddingsHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _org_lines(ids: list[str], offer: str) -> str:
    return "".join(json.dumps({
        "id": org_id, "name": f"Musterfirma {org_id}", "kind": "company", "country": "DE",
        "city": "Görlitz", "languages": ["de", "pl"], "sectors": ["metal processing"],
        "offers": f"{offer} ({org_id})", "seeks": f"Pulverbeschichtung für {org_id}",
    }) + "\n" for org_id in ids)


def _database_rows(store: CompanyStore) -> list[dict[str, Any]]:
    """Every column of every row, bookkeeping (hash, timestamps) included."""
    columns = Organisation.__table__.columns
    with store.db.session() as s:
        rows = s.scalars(select(Organisation).order_by(Organisation.id))
        return [{c.key: getattr(row, c.key) for c in columns} for row in rows]


def _vector_state(store: CompanyStore) -> dict[str, tuple[str, dict[str, Any], str]]:
    """Per vector id: its text, its metadata, and the id of its nearest stored vector when
    queried with the embedding of that text (itself, if the stored vector matches the text)."""
    state = {}
    for hit in store.vectors.all():
        vector = np.asarray(_fake_vector(hit.text), dtype=np.float32)
        nearest = store.vectors.query(vector / np.linalg.norm(vector), k=1)[0]
        state[hit.id] = (hit.text, hit.metadata, nearest.id)
    return state


def test_failing_embeddings_endpoint_mid_import_changes_nothing(
        company_backend: Backend, tmp_path: Path, write_file: WriteFile,
        embeddings_server: EmbeddingsServer) -> None:
    from knowledge.db import forget_database

    host, port = embeddings_server.server_address[:2]
    settings = company_backend.settings(
        tmp_path / "data", LOTSE_EMBEDDINGS="openai", LOTSE_EMBEDDINGS_MODEL="fake-embed-1",
        LOTSE_EMBEDDINGS_BASE_URL=f"http://{host}:{port}/v1", LOTSE_LLM_TIMEOUT=5)
    try:
        first = ["org-a", "org-b", "org-c"]
        import_file(settings, write_file("v1.jsonl", _org_lines(first, "CNC-Fräsen")))
        store = CompanyStore(settings)
        rows_before, vectors_before = _database_rows(store), _vector_state(store)
        assert len(rows_before) == 3 and len(vectors_before) == 6
        assert all(nearest == vid for vid, (_, _, nearest) in vectors_before.items())

        # 3 updates and 70 new organisations with a seek each: 146 texts, two requests of at
        # most 128; the second one fails after the first has been answered.
        added = [f"org-n{i:02d}" for i in range(70)]
        embeddings_server.allowed = embeddings_server.requests + 1
        with pytest.raises(openai.InternalServerError):
            import_file(settings, write_file("v2.jsonl", _org_lines(first + added,
                                                                    "Laserschneiden")))
        assert embeddings_server.failed >= 1

        store = CompanyStore(settings)
        assert _database_rows(store) == rows_before
        assert _vector_state(store) == vectors_before

        # The failed import left nothing in the way: once the endpoint answers again, the same
        # file imports whole.
        embeddings_server.allowed = None
        report = import_file(settings, write_file("v2.jsonl", _org_lines(first + added,
                                                                         "Laserschneiden")))
        assert (len(report.added), len(report.updated)) == (70, 3)
        assert CompanyStore(settings).vectors.count() == 146
    finally:
        forget_database(settings)
