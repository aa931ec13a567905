"""The console in Debian's Chromium through Playwright, against a real uvicorn server on
127.0.0.1: log in, playground, upload, advisor request, golden set. Skipped (with the reason)
where /usr/bin/chromium is not installed."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from bot.core.assistant import Assistant
from bot.web.app import create_app
from knowledge.db import forget_database
from knowledge.settings import Settings
from tests.conftest import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, make_settings
from tests.console.conftest import TOKEN
from tests.evaluation.conftest import GOLDEN_MINI
from tests.web.conftest import LiveServer, start_live_server

pytestmark = BROWSER_MARKS

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
expect = sync_api.expect


@pytest.fixture(scope="module")
def browser_settings(mini_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
                     ) -> Iterator[Settings]:
    data_dir = tmp_path_factory.mktemp("console-browser") / "data"
    shutil.copytree(mini_data_dir, data_dir)
    # A small golden file keeps the evaluation step fast.
    (data_dir / "golden").mkdir()
    shutil.copy(GOLDEN_MINI, data_dir / "golden" / "mini.yaml")
    settings = make_settings(data_dir, LOTSE_ADMIN_TOKEN=TOKEN)
    yield settings
    forget_database(settings)


@pytest.fixture(scope="module")
def assistant(browser_settings: Settings) -> Assistant:
    return Assistant(browser_settings)


@pytest.fixture(scope="module")
def server(browser_settings: Settings, assistant: Assistant) -> Iterator[LiveServer]:
    app: FastAPI = create_app(browser_settings, assistant)
    live, thread = start_live_server(app)
    yield live
    live.server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: LiveServer) -> Iterator[sync_api.Page]:
    """One logged-in page for the whole module, like a staff member's working session."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        context = chromium.new_context(locale="de-DE", viewport={"width": 1400, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        yield pg
        context.close()
        chromium.close()


def test_log_in(page: sync_api.Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/admin/playground")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    page.get_by_label("Admin token").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#login-error")).to_be_visible()
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/playground$"))
    expect(page.get_by_role("heading", name="Playground")).to_be_visible()


def test_playground_shows_passages_and_timings(page: sync_api.Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/admin/playground")
    page.get_by_label("Question").fill("Jaký je rozpočet projektu Glokalisierung?")
    page.get_by_label("Channel").select_option("telegram")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator("#answer")).to_contain_text("610.799,70")
    rows = page.locator("#passages tbody tr")
    expect(rows.first).to_contain_text("Glokalisierung")
    assert rows.count() >= 2
    expect(page.locator("#timings")).to_contain_text("retrieval")
    expect(page.locator("#timings")).to_contain_text("total")
    expect(page.locator("#route")).to_have_text("route: documents")


def test_each_citation_leads_to_its_sentence_by_keyboard(page: sync_api.Page,
                                                         server: LiveServer) -> None:
    page.goto(f"{server.url}/admin/playground")
    page.get_by_label("Question").fill("Kto jest partnerem wiodącym projektu InnoCoopPolSax?")
    page.get_by_role("button", name="Ask").click()
    first = page.locator("#answer a.cite").first
    expect(first).to_be_visible()
    number = first.inner_text().strip("[]")
    first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"#cite-{number}$"))
    entry = page.locator(f"#cite-{number}")
    expect(entry).to_be_in_viewport()
    # The entry quotes a sentence of the answer and leads on to the passage that holds it.
    passage_link = entry.locator("a[href^='#passage-']").first
    passage_link.click()
    target = passage_link.get_attribute("href")
    expect(page.locator(f"{target} mark").first).to_be_in_viewport()
    expect(page.locator("#gate")).to_contain_text("threshold")


def test_a_question_of_spaces_gets_a_message(page: sync_api.Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/admin/playground")
    page.get_by_label("Question").fill("   ")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator("#question-error")).to_contain_text("empty or only spaces")
    expect(page.locator("#result")).to_have_count(0)


def test_upload_a_document_and_find_it_answerable(page: sync_api.Page, server: LiveServer,
                                                  tmp_path: Path) -> None:
    doc = tmp_path / "messe-liberec.md"
    doc.write_text("---\ntitle: Gemeinschaftsstand Messe Liberec 2027\nlanguage: de\n---\n"
                   "Der sächsische Gemeinschaftsstand auf der Messe Liberec 2027 hat die "
                   "Standnummer C-417. Anmeldungen nimmt das Messeteam bis zum 15. Januar 2027 "
                   "entgegen.\n", encoding="utf-8")
    page.goto(f"{server.url}/admin/knowledge")
    page.locator("#upload-form input[type=file]").set_input_files(str(doc))
    page.get_by_role("button", name="Upload and ingest").click()
    # The page polls the job and reloads with the report when the ingestion has finished.
    expect(page.locator("#job-status")).to_have_text("done")
    expect(page.locator("#job-report")).to_contain_text("messe-liberec.md")
    expect(page.locator("#documents")).to_contain_text("Gemeinschaftsstand Messe Liberec 2027")
    page.wait_for_timeout(2100)  # the retriever re-reads a changed index at most every 2 s
    page.goto(f"{server.url}/admin/playground")
    page.get_by_label("Question").fill("Welche Standnummer hat der Gemeinschaftsstand auf der "
                                       "Messe Liberec 2027?")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator("#answered")).to_have_text("answered")
    expect(page.locator("#answer")).to_contain_text("C-417")


def test_mark_an_advisor_request_done(page: sync_api.Page, server: LiveServer,
                                      assistant: Assistant) -> None:
    request_id = assistant.conversations.add_contact(
        name="Piotr Zieliński", email="piotr@example.com", language="pl", consent=True,
        message="Szukamy partnera do lakierowania proszkowego.", channel="web")
    page.goto(f"{server.url}/admin/requests")
    row = page.locator(f'tr[data-request="{request_id}"]')
    expect(row).to_contain_text("Piotr Zieliński")
    expect(row).to_have_class(re.compile("status-new"))
    row.get_by_label("status").select_option("done")
    row.get_by_role("button", name="Save").click()
    row = page.locator(f'tr[data-request="{request_id}"]')
    expect(row).to_have_class(re.compile("status-done"))
    page.goto(f"{server.url}/admin/requests?status=done")
    expect(page.locator("#requests")).to_contain_text("Piotr Zieliński")


def test_run_the_golden_set_and_see_the_result_table(page: sync_api.Page,
                                                     server: LiveServer) -> None:
    page.goto(f"{server.url}/admin/evaluation")
    page.get_by_label("Golden set").select_option("uploaded/mini.yaml")
    page.get_by_role("button", name="Run the golden set").click()
    expect(page.locator("#job-status")).to_have_text("done")
    expect(page.locator("#pass-rate")).to_have_text("100.0 %")
    results = page.locator("#results tbody tr")
    expect(results).to_have_count(5)
    expect(results.first).to_contain_text("innocoop-lead-de")
    expect(page.locator("#diff")).to_contain_text("No earlier run")
