"""The staff console's programme page in the real web app: list, filter, search by meaning,
edit (validated like an import row) and import a file (all or nothing)."""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from bot.core.assistant import Assistant
from knowledge.programmes.exporter import sheet_columns, write_records
from knowledge.programmes.store import ProgrammeStore
from tests.console.conftest import (  # noqa: F401  (fixtures used by name)
    anonymous,
    console_app,
    console_assistant,
    console_data_dir,
    console_settings,
    csrf_of,
    staff,
)
from tests.programmes.test_catalogue import FIXTURE

_ROW = re.compile(r'<tr data-id="([^"]+)"')


@pytest.fixture
def catalogue(console_assistant: Assistant) -> ProgrammeStore:  # noqa: F811
    store = ProgrammeStore(console_assistant.db)
    store.replace_all(FIXTURE)
    return store


def _listed(html: str) -> list[str]:
    return _ROW.findall(html)


def test_page_lists_filters_and_searches_the_catalogue(
        staff: TestClient, catalogue: ProgrammeStore) -> None:  # noqa: F811
    page = staff.get("/admin/programmes")
    assert page.status_code == 200
    assert 'href="/admin/programmes"' in page.text  # the navigation link
    assert sorted(_listed(page.text)) == sorted(r.id for r in FIXTURE)
    assert _listed(staff.get("/admin/programmes?purpose=energy").text) == ["energy-loan"]
    assert _listed(staff.get("/admin/programmes?kind=loan").text) == []
    found = staff.get("/admin/programmes", params={"q": "peníze na veletrh v Brně"})
    assert _listed(found.text)[0] == "fair-abroad"


def test_anonymous_visitors_are_sent_to_the_login(anonymous: TestClient) -> None:  # noqa: F811
    response = anonymous.get("/admin/programmes", follow_redirects=False)
    assert response.status_code == 303 and "/admin/login" in response.headers["location"]


def _form_values(html: str) -> dict[str, str]:
    values = dict(re.findall(r'<input id="f-[^"]+" name="([^"]+)" value="([^"]*)"', html))
    values.update(re.findall(r'<textarea id="f-[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>',
                             html))
    return {k: v.replace("&#39;", "'").replace("&amp;", "&") for k, v in values.items()}


def test_edit_form_saves_a_valid_programme_and_refuses_a_bad_one(
        staff: TestClient, catalogue: ProgrammeStore) -> None:  # noqa: F811
    page = staff.get("/admin/programmes/energy-loan")
    assert page.status_code == 200
    values = _form_values(page.text)
    assert values["names.en"] == "energy loan" and values["purposes"] == "energy"
    before = catalogue.get("energy-loan")

    bad = values | {"funding_rate_max": "120", "countries": "PL", "regions": "CZ051",
                    "csrf_token": csrf_of(page.text)}
    refused = staff.post("/admin/programmes/energy-loan/edit", data=bad, follow_redirects=False)
    assert refused.status_code == 400
    assert "funding_rate_max: 120 is more than 100 percent" in refused.text
    assert "regions: &#39;CZ051&#39; lies outside the countries PL" in refused.text
    assert catalogue.get("energy-loan") == before

    good = values | {"names.pl": "Pożyczka na pompy ciepła", "funding_rate_max": "75",
                     "csrf_token": csrf_of(page.text)}
    saved = staff.post("/admin/programmes/energy-loan/edit", data=good, follow_redirects=False)
    assert saved.status_code == 303
    assert catalogue.get("energy-loan") == replace(
        before, names=before.names | {"pl": "Pożyczka na pompy ciepła"}, funding_rate_max=75.0)
    assert "Saved." in staff.get(saved.headers["location"]).text


def _upload(staff: TestClient, name: str, content: bytes) -> object:  # noqa: F811
    page = staff.get("/admin/programmes")
    return staff.post("/admin/programmes/import", data={"csrf_token": csrf_of(page.text)},
                      files={"file": (name, content, "text/csv")}, follow_redirects=False)


def test_import_is_all_or_nothing(staff: TestClient, catalogue: ProgrammeStore,  # noqa: F811
                                  tmp_path) -> None:  # type: ignore[no-untyped-def]
    new = replace(FIXTURE[0], id="fair-two", names={"de": "Zweite Messeförderung"})
    good_file = tmp_path / "good.csv"
    write_records([new], good_file)
    rows = list(csv.DictReader(io.StringIO(good_file.read_text(encoding="utf-8"))))
    bad = rows[0] | {"id": "fair-three", "kind": "gift"}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=sheet_columns([new]), lineterminator="\n")
    writer.writeheader()
    writer.writerows([rows[0], bad])

    before = catalogue.all()
    refused = _upload(staff, "bad.csv", out.getvalue().encode())
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "row 3, column &#39;kind&#39;: &#39;gift&#39; is not one of" in refused.text  # type: ignore[attr-defined]
    assert catalogue.all() == before

    accepted = _upload(staff, "good.csv", good_file.read_bytes())
    assert accepted.status_code == 303  # type: ignore[attr-defined]
    job_id = accepted.headers["location"].split("job=")[1]  # type: ignore[attr-defined]
    status: dict = {}
    for _ in range(600):  # a job on a background thread: wait for it, not for a fixed time
        status = staff.get(f"/admin/jobs/{job_id}").json()
        if status["status"] != "running":
            break
        time.sleep(0.1)
    assert status["status"] == "done", status
    assert catalogue.get("fair-two") == new
    listed = staff.get("/admin/programmes", params={"q": "Messe"}).text
    assert "fair-two" in _listed(listed)


def test_a_new_programme_from_the_form(staff: TestClient,  # noqa: F811
                                       catalogue: ProgrammeStore) -> None:
    page = staff.get("/admin/programmes/new")
    assert page.status_code == 200 and 'name="id"' in page.text
    token = csrf_of(page.text)
    filled = {"id": "brno-fair", "names.cs": "Příspěvek na veletrh v Brně", "funder": "Kraj",
              "kind": "grant", "purposes": "export_trade_fairs", "countries": "CZ",
              "source_url": "https://example.org/brno", "checked_on": "2026-11-20",
              "csrf_token": token}
    missing = staff.post("/admin/programmes/new", data=filled | {"funder": ""},
                         follow_redirects=False)
    assert missing.status_code == 400 and "funder: required value is missing" in missing.text
    taken = staff.post("/admin/programmes/new", data=filled | {"id": "energy-loan"},
                       follow_redirects=False)
    assert taken.status_code == 400 and "exists already" in taken.text
    assert catalogue.get("brno-fair") is None
    created = staff.post("/admin/programmes/new", data=filled, follow_redirects=False)
    assert created.status_code == 303
    record = catalogue.get("brno-fair")
    assert record is not None and record.names == {"cs": "Příspěvek na veletrh v Brně"}
    assert record.purposes == ("export_trade_fairs",) and record.countries == ("CZ",)
