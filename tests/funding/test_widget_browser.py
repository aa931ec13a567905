"""The guided funding conversation in the chat widget: Debian's Chromium through Playwright
against a real uvicorn server; the choices are buttons, the programmes a linked list."""

from __future__ import annotations

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
from tests.web.conftest import LiveServer, start_live_server

pytestmark = BROWSER_MARKS

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
expect = sync_api.expect


@pytest.fixture(scope="module")
def widget_settings(funding_data_dir: Path,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    data_dir = tmp_path_factory.mktemp("funding-widget") / "data"
    shutil.copytree(funding_data_dir, data_dir)
    settings = make_settings(data_dir)
    yield settings
    forget_database(settings)


@pytest.fixture(scope="module")
def server(widget_settings: Settings) -> Iterator[LiveServer]:
    app: FastAPI = create_app(widget_settings, Assistant(widget_settings))
    live, thread = start_live_server(app)
    yield live
    live.server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page() -> Iterator[sync_api.Page]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860})
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        yield pg
        browser.close()


def test_guided_conversation_with_buttons_and_a_programme_list(page: sync_api.Page,
                                                               server: LiveServer) -> None:
    page.goto(f"{server.url}/")
    page.locator("#lotse-widget .bubble").click()
    answers = page.locator("#lotse-widget .msg.bot")
    before = answers.count()
    box = page.locator("#lotse-widget textarea#lotse-input")
    box.fill("Which funding can I get for my project?")
    box.press("Enter")
    expect(answers).to_have_count(before + 1)
    question = answers.nth(before)
    expect(question).to_contain_text("Where is your company based?")
    expect(question.locator(".choices button")).to_have_text(["Skip"])

    box.fill("Liberec")
    box.press("Enter")
    expect(answers).to_have_count(before + 2)
    size = answers.nth(before + 1)
    expect(size.locator(".choices button")).to_have_count(5)
    # The earlier question's buttons are gone: only the latest question can be answered.
    expect(question.locator(".choices")).to_have_count(0)
    size.get_by_role("button", name="Small (fewer than 50)").click()
    expect(answers).to_have_count(before + 3)
    # The visitor's bubble shows the label, the server got the value.
    expect(page.locator("#lotse-widget .msg.user .text").last).to_have_text(
        "Small (fewer than 50)")

    project = answers.nth(before + 2)
    project.get_by_role("button", name="export and trade fairs").click()
    expect(answers).to_have_count(before + 4)
    answers.nth(before + 3).get_by_role("button", name="Skip").click()
    expect(answers).to_have_count(before + 5)

    final = answers.nth(before + 4)
    expect(final.locator(".rate")).to_be_visible()
    expect(final.locator(".text")).to_contain_text("closes in 12 days")
    programmes = final.locator(".programmes li")
    expect(programmes.first).to_contain_text("Liberec trade fair bonus")
    link = programmes.first.locator("a")
    expect(link).to_have_attribute("href",
                                   "https://funding.example/fixture-liberec-fairs/apply")
    expect(final.locator(".programmes")).not_to_contain_text("closed")
    expect(final.locator(".choices")).to_have_count(0)
