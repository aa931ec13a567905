"""The console's organisation page searches as the assistant does (multilingual, by meaning,
soft constraints, explicit filters), says why each hit is there and sorts by any column, by
keyboard too. Real app, stores and embedder over a slice of the demo organisations."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.core.assistant import Assistant
from bot.web.app import create_app
from knowledge.companies.importer import import_file
from knowledge.companies.search import CompanyFilters
from knowledge.db import forget_database
from knowledge.settings import Settings
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, make_settings
from tests.console.conftest import TOKEN, log_in

DEMO = Path(__file__).resolve().parents[2] / "knowledge" / "demo" / "organisations.jsonl"
# Six Czech powder coaters described in Czech, English or German, Czech firms of other trades,
# German powder coaters (a country filter must drop them) and an institution.
COATERS_CZ = {"demo-cz-lakovna-jested", "demo-cz-160", "demo-cz-164", "demo-cz-169",
              "demo-cz-175", "demo-cz-188"}
OTHERS = {"demo-cz-136", "demo-cz-141", "demo-cz-151", "demo-cz-176", "demo-cz-189",
          "demo-de-031", "demo-de-060", "demo-de-lausitzer-cnc", "ahk-services-cz"}


@pytest.fixture(scope="module")
def org_settings(mini_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[Settings]:
    root = tmp_path_factory.mktemp("console-orgs")
    shutil.copytree(mini_data_dir, root / "data")
    wanted = COATERS_CZ | OTHERS
    rows = [line for line in DEMO.read_text(encoding="utf-8").splitlines()
            if json.loads(line)["id"] in wanted]
    assert len(rows) == len(wanted)
    (root / "orgs.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    settings = make_settings(root / "data", LOTSE_ADMIN_TOKEN=TOKEN)
    import_file(settings, root / "orgs.jsonl")
    yield settings
    forget_database(settings)


@pytest.fixture(scope="module")
def org_assistant(org_settings: Settings) -> Assistant:
    return Assistant(org_settings)


@pytest.fixture(scope="module")
def org_app(org_settings: Settings, org_assistant: Assistant) -> FastAPI:
    return create_app(org_settings, org_assistant)


@pytest.fixture
def client(org_app: FastAPI) -> TestClient:
    c = TestClient(org_app)
    assert log_in(c).status_code == 303
    return c


def _rows(page: str) -> list[str]:
    body = re.search(r'<table id="organisations">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert body, page[:1500]
    return re.findall(r'<tr data-id="([^"]+)"', body.group(1))


def test_the_console_finds_what_the_assistant_finds(client: TestClient,
                                                    org_assistant: Assistant) -> None:
    page = client.get("/admin/organisations",
                      params={"q": "Pulverbeschichtung", "country": "CZ"}).text
    shown = _rows(page)
    # The literal filter found only the record that has the German word; by meaning the
    # Czech- and English-described coaters are found too, and no German one passes "CZ".
    assert len(set(shown) & COATERS_CZ) >= 4, shown
    assert set(shown) & (COATERS_CZ - {"demo-cz-lakovna-jested"})
    assert all(org_id.startswith(("demo-cz", "ahk-services-cz")) for org_id in shown)
    # The same list the assistant's search gives for the same words and filter.
    search = org_assistant.companies
    analysis = search.analyser.analyse("Pulverbeschichtung", "de")
    analysis.wants_organisations = True
    expected = [h.id for h in search.search("Pulverbeschichtung", "de", limit=100,
                                            analysis=analysis,
                                            filters=CompanyFilters(countries=["CZ"]))]
    assert shown == expected
    # Each hit says why it is there.
    why = re.findall(r'<td class="why small">(.*?)</td>', page, re.S)
    assert len(why) == len(shown) and all(w.strip() for w in why)
    assert "powder coating" in why[0]


def test_a_question_in_czech_finds_the_same_trade(client: TestClient) -> None:
    shown = _rows(client.get("/admin/organisations",
                             params={"q": "práškové lakování", "country": "CZ"}).text)
    assert len(set(shown) & COATERS_CZ) >= 4, shown


def test_without_words_the_filters_list_every_match(client: TestClient) -> None:
    page = client.get("/admin/organisations", params={"country": "DE"}).text
    assert set(_rows(page)) == {"demo-de-031", "demo-de-060", "demo-de-lausitzer-cnc"}
    assert 'id="found-count">3 organisations found' in page
    one = client.get("/admin/organisations", params={"kind": "institution"}).text
    assert 'id="found-count">1 organisation found' in one


def test_the_list_without_words_uses_the_search_filter(client: TestClient,
                                                      org_assistant: Assistant) -> None:
    """One organisation filter: the list without a question admits exactly what the
    assistant's search admits (knowledge/companies/search.py), and that is what the form says."""
    records = org_assistant.services.organisations.all()
    coater = next(o for o in records if o.id == "demo-cz-160")
    sector, spoken = coater.sectors[0], coater.languages[-1]
    for country, language, wanted_sector in (("CZ", spoken, ""), ("CZ", "", sector),
                                             ("DE", "", ""), ("", spoken, sector)):
        params = {"country": country, "language": language, "sector": wanted_sector}
        expected = {o.id for o in records
                    if (not country or o.country == country)
                    and (not language or language in o.languages)
                    and (not wanted_sector or wanted_sector in o.sectors)}
        assert expected, params
        shown = set(_rows(client.get("/admin/organisations", params=params).text))
        assert shown == expected, params
        admitted = org_assistant.companies.admitted(CompanyFilters(
            countries=[country] if country else [], languages=[language] if language else [],
            sectors=[wanted_sector] if wanted_sector else []))
        assert shown == admitted, params
    # The search's filter ignores case in a sector, so the list does too now.
    shouted = set(_rows(client.get("/admin/organisations",
                                   params={"sector": sector.upper()}).text))
    assert shouted == {o.id for o in records if sector in o.sectors}


def test_columns_sort_both_ways_and_say_so(client: TestClient, org_assistant: Assistant
                                           ) -> None:
    names = {o.id: o.name.casefold() for o in org_assistant.companies.store.all()}
    page = client.get("/admin/organisations", params={"sort": "name"}).text
    ascending = _rows(page)
    assert [names[i] for i in ascending] == sorted(names[i] for i in ascending)
    assert re.search(r'<th aria-sort="ascending">\s*<a class="sort" href="[^"]*sort=name&amp;'
                     r'order=desc"', page)
    descending = _rows(client.get("/admin/organisations",
                                  params={"sort": "name", "order": "desc"}).text)
    assert descending == list(reversed(ascending))

    searched = client.get("/admin/organisations",
                          params={"q": "Pulverbeschichtung", "country": "CZ", "sort": "place"})
    places = re.findall(r"<td>([^<]*) CZ</td>", searched.text)
    assert places == sorted(places, key=str.casefold) and len(places) > 1
    # The sort links keep the search and its filters.
    assert "q=Pulverbeschichtung" in searched.text and "country=CZ" in searched.text


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
def test_sorting_by_keyboard_in_the_browser(org_app: FastAPI) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.web.conftest import start_live_server

    live, thread = start_live_server(org_app)
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{live.url}/admin/login?next=/admin/organisations")
            page.get_by_label("Admin token").fill(TOKEN)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(re.compile(r"/admin/organisations$"))
            header = page.get_by_role("link", name="name", exact=True)
            header.focus()  # where Tab reaches it; Enter activates a link without a mouse
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r"sort=name"))
            sorted_header = page.locator("th[aria-sort='ascending']")
            sync_api.expect(sorted_header).to_contain_text("name")
            names = page.locator("#organisations tbody tr td:nth-child(1) a").all_inner_texts()
            assert names == sorted(names, key=str.casefold) and len(names) > 5
            browser.close()
    finally:
        live.server.should_exit = True
        thread.join(timeout=10)
