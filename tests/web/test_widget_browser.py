"""The widget in Debian's Chromium through Playwright, against a real uvicorn server.

Skipped (with the reason) where /usr/bin/chromium is not installed; CI installs it.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.core.assistant import Assistant
from bot.i18n import STRINGS, not_found_text
from bot.web.app import create_app
from bot.web.schemas import FeedbackRequest
from knowledge.db import (
    ChatSession,
    ContactRequest,
    FeedbackRecord,
    forget_database,
    get_database,
)
from knowledge.embeddings import Embedder
from knowledge.settings import Settings
from tests.conftest import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, make_settings
from tests.web.conftest import LiveServer, start_live_server

UNSAFE_CORPUS = Path(__file__).parent / "data" / "unsafe_corpus"
ARTIFACTS = REPO_ROOT / "test-artifacts"

pytestmark = BROWSER_MARKS

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
expect = sync_api.expect


@pytest.fixture(scope="module")
def browser_settings(mini_data_dir: Path, embedder: Embedder,
                     tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """The mini corpus plus two documents whose text and titles contain HTML."""
    from ingestion.pipeline import Ingestor

    data_dir = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(mini_data_dir, data_dir)
    settings = make_settings(data_dir)
    report = Ingestor(settings, embedder).ingest([UNSAFE_CORPUS])
    assert not report.failed, report.failed
    yield settings
    forget_database(settings)


@pytest.fixture(scope="module")
def browser_app(browser_settings: Settings) -> FastAPI:
    return create_app(browser_settings, Assistant(browser_settings))


@pytest.fixture(scope="module")
def server(browser_app: FastAPI) -> Iterator[LiveServer]:
    live, thread = start_live_server(browser_app)
    yield live
    live.server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def open_widget(page: sync_api.Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/")
    bubble = page.locator("#lotse-widget .bubble")
    expect(bubble).to_be_visible()
    bubble.click()
    expect(page.get_by_role("dialog")).to_be_visible()


def ask(page: sync_api.Page, question: str) -> sync_api.Locator:
    """Type a question, press Enter, wait for the finished answer; return its bubble."""
    answers = page.locator("#lotse-widget .msg.bot")
    before = answers.count()
    box = page.locator("#lotse-widget textarea#lotse-input")
    box.fill(question)
    box.press("Enter")
    expect(answers).to_have_count(before + 1)
    answer = answers.nth(before)
    expect(answer.locator(".rate")).to_be_visible()  # only finished answers can be rated
    return answer


def watch_streaming(page: sync_api.Page) -> None:
    """Count how often the pending answer's text grows, to see tokens arrive one by one."""
    page.evaluate("""() => {
        const log = document.querySelector('#lotse-widget').shadowRoot.querySelector('.log');
        window.__lotseTextUpdates = 0;
        new MutationObserver(records => {
            for (const r of records) {
                if (r.target.closest && r.target.closest('.msg.bot')) window.__lotseTextUpdates++;
                else if (r.target.parentElement && r.target.parentElement.closest('.msg.bot'))
                    window.__lotseTextUpdates++;
            }
        }).observe(log, {subtree: true, childList: true, characterData: true});
    }""")


def test_conversation_feedback_advisor_and_reload(page: sync_api.Page, server: LiveServer,
                                                  browser_settings: Settings) -> None:
    open_widget(page, server)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("log")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#lotse-widget .suggest button")).to_have_count(3)
    watch_streaming(page)

    german = ask(page, "Wer ist Lead Partner von InnoCoopPolSax?")
    expect(german).to_contain_text("Wirtschaftsförderung Sachsen")
    assert page.evaluate("window.__lotseTextUpdates") > 5, "the answer streamed in pieces"
    expect(german.locator(".sources li")).not_to_have_count(0)
    expect(german.locator(".sources")).to_contain_text("InnoCoopPolSax")
    expect(german.locator(".sources")).to_contain_text("(innocooppolsax.md)")
    expect(german.locator(".sources")).not_to_contain_text("/mini_corpus/")
    expect(page.locator("#lotse-widget .suggest")).to_be_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget.png"))

    polish = ask(page, "Kto jest partnerem wiodącym projektu InnoCoopPolSax?")
    expect(polish.locator(".text")).to_have_text(re.compile(
        "^" + re.escape(STRINGS["found_intro"]["pl"])))
    expect(polish.locator(".sources li")).not_to_have_count(0)
    # The interface followed the visitor into Polish.
    advisor = page.locator("#lotse-widget button.advisor")
    expect(advisor).to_have_text("Kontakt z doradcą")

    polish.get_by_role("button", name="Pomocne", exact=True).click()
    expect(polish.locator(".rate")).to_contain_text("Dziękujemy za opinię!")
    db = get_database(browser_settings)
    with db.session() as s:
        ratings = s.scalars(select(FeedbackRecord.rating)).all()
    assert "up" in ratings

    advisor.click()
    form = page.locator("#lotse-widget form.contact")
    expect(form).to_be_visible()
    form.get_by_label("Imię i nazwisko").fill("Anna Nowak")
    form.get_by_label("E-mail").fill("anna@example.pl")
    form.get_by_label("Organizacja (opcjonalnie)").fill("Nowak Sp. z o.o.")
    form.get_by_label("W czym możemy pomóc?").fill("Szukam partnera w Saksonii.")
    form.get_by_role("button", name="Wyślij zapytanie").click()
    expect(form.get_by_role("alert")).to_contain_text("wyraź zgodę")  # consent not given yet
    with db.session() as s:
        assert s.scalars(select(ContactRequest).where(
            ContactRequest.name == "Anna Nowak")).first() is None
    form.locator("input[name=consent]").check()
    form.get_by_role("button", name="Wyślij zapytanie").click()
    expect(form).to_be_hidden()
    expect(page.locator("#lotse-widget .msg.notice")).to_contain_text("Doradca skontaktuje")
    with db.session() as s:
        stored = s.scalars(select(ContactRequest).where(
            ContactRequest.name == "Anna Nowak")).one()
        assert (stored.email, stored.language, stored.consent) == ("anna@example.pl", "pl", True)
        assert stored.session_id is not None

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-advisor.png"))

    page.reload()
    expect(page.get_by_role("dialog")).to_be_visible()  # it was open, it stays open
    restored = page.locator("#lotse-widget .msg.user")
    expect(restored).to_have_count(2)
    expect(restored.nth(0)).to_contain_text("Wer ist Lead Partner von InnoCoopPolSax?")
    expect(page.locator("#lotse-widget .msg.bot").nth(1)).to_contain_text(
        "Wirtschaftsförderung Sachsen")
    expect(page.locator("#lotse-widget .msg.bot .sources")).to_have_count(2)
    expect(page.locator("#lotse-widget .msg.notice")).to_have_count(1)
    expect(page.locator("#lotse-widget .msg.bot").nth(2).get_by_role(
        "button", name="Pomocne", exact=True)).to_be_disabled()  # the rating was remembered

    # A new conversation must not withdraw the request just sent: erasing the session would
    # erase its advisor request too, so the widget starts afresh without erasing this one.
    page.get_by_role("button", name="Nowa rozmowa").click()
    expect(page.locator("#lotse-widget .msg.user")).to_have_count(0)
    page.wait_for_timeout(500)
    with db.session() as s:
        assert s.scalars(select(ContactRequest).where(
            ContactRequest.name == "Anna Nowak")).one().session_id is not None


def test_html_in_answers_and_titles_is_shown_as_text(page: sync_api.Page,
                                                      server: LiveServer) -> None:
    open_widget(page, server)
    answer = ask(page, "Welche Eingaben entfernt das Förderportal Grenzland aus den "
                       "Antragsformularen?")
    expect(answer.locator(".text")).to_contain_text("<script>")
    expect(answer.locator(".text")).to_contain_text('<img src=x onerror="window.')
    expect(answer.locator(".sources")).to_contain_text("<img src=x onerror=")
    assert answer.locator("script, img").count() == 0
    link = answer.locator(".sources a")
    expect(link).to_have_attribute("href", "https://grenzland-agentur.example/foerderportal/"
                                           "formulare")
    expect(link).to_have_attribute("rel", re.compile("noopener"))

    other = ask(page, "Wann findet die Kooperationsbörse Zittau statt?")
    expect(other.locator(".sources")).to_contain_text("javascript:")
    assert other.locator(".sources a").count() == 0, "only http(s) sources become links"
    page.wait_for_timeout(300)
    assert page.evaluate("window.__lotseXss === undefined && window.lotseXss === undefined")


def test_keyboard_escape_and_new_conversation(page: sync_api.Page, server: LiveServer,
                                              browser_settings: Settings) -> None:
    page.goto(f"{server.url}/")
    bubble = page.locator("#lotse-widget .bubble")
    bubble.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(page.locator("#lotse-widget textarea#lotse-input")).to_be_focused()
    ask(page, "Jaký je rozpočet projektu Glokalisierung?")
    session_id = page.evaluate(
        "JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('lotse-widget:'))[1])"
        ".sessionId")
    with get_database(browser_settings).session() as s:
        assert s.get(ChatSession, session_id) is not None

    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(bubble).to_be_focused()
    expect(bubble).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Enter")
    page.get_by_role("button", name="Nová konverzace").click()
    expect(page.locator("#lotse-widget .msg")).to_have_count(1)  # only the welcome
    expect(page.locator("#lotse-widget .suggest")).to_be_visible()
    page.wait_for_timeout(500)
    with get_database(browser_settings).session() as s:
        assert s.get(ChatSession, session_id) is None, "the server erased the conversation"


def test_readable_on_a_360px_phone(browser: sync_api.Browser, server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB",
                                  is_mobile=True)
    page = context.new_page()
    try:
        open_widget(page, server)
        expect(page.get_by_role("button", name="Talk to an advisor")).to_be_visible()
        box = page.locator("#lotse-widget .panel").bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert box["width"] >= 320
        answer = ask(page, "Who is the contact person for trade fairs at WFS?")
        expect(answer).to_contain_text("Potocki")
        inner = answer.bounding_box()
        assert inner is not None and inner["x"] + inner["width"] <= 360
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "widget-360.png"))
    finally:
        context.close()


def test_demo_page_questions_open_the_widget_and_page_css_stays_out(
        page: sync_api.Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/")
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.get_by_role("button", name="Kto prowadził projekt InnoCoopPolSax?").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    answer = page.locator("#lotse-widget .msg.bot").nth(1)
    expect(answer.locator(".rate")).to_be_visible()
    expect(answer).to_contain_text(STRINGS["found_intro"]["pl"])
    expect(answer.locator(".sources")).to_contain_text("InnoCoopPolSax")
    # The host page sets Georgia on body and buttons; the Shadow DOM keeps its own font.
    font = answer.evaluate("node => getComputedStyle(node).fontFamily")
    assert "Georgia" not in font
    # Focus order inside the dialog: the question box, then its send button.
    box = page.locator("#lotse-widget textarea#lotse-input")
    box.focus()
    page.keyboard.press("Tab")
    expect(page.locator("#lotse-widget button.send")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#lotse-widget button.advisor")).to_be_focused()
    # Shift+Enter makes a new line instead of sending.
    box.fill("Zeile eins")
    box.press("Shift+Enter")
    box.type("Zeile zwei")
    expect(box).to_have_value("Zeile eins\nZeile zwei")
    expect(page.locator("#lotse-widget .msg.user")).to_have_count(1)



@dataclass
class AgencySite:
    url: str
    folder: Path


@pytest.fixture
def agency_sites(tmp_path: Path) -> Iterator[Callable[[], AgencySite]]:
    """Other origins (agencies' own websites) whose pages embed the widget."""
    servers: list[ThreadingHTTPServer] = []

    def start_site() -> AgencySite:
        folder = tmp_path / f"site{len(servers)}"
        folder.mkdir()
        handler = functools.partial(_QuietHandler, directory=str(folder))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return AgencySite(f"http://localhost:{httpd.server_address[1]}", folder)

    yield start_site
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def test_embedded_on_another_site_only_where_allowed(
        browser: sync_api.Browser, browser_app: FastAPI,
        agency_sites: Callable[[], AgencySite], browser_settings: Settings) -> None:
    """The real use: an agency's site on another origin with one script tag; CORS decides."""
    allowed, other = agency_sites(), agency_sites()
    settings = make_settings(browser_settings.data_dir, LOTSE_ALLOWED_ORIGINS=allowed.url)
    live, thread = start_live_server(create_app(settings, browser_app.state.assistant))
    page_html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agency</title>'
        '<link rel="icon" href="data:,"></head><body><h1>Our agency</h1>'
        f'<script src="{live.url}/widget.js" data-lang="en" data-title="Ask us" '
        'data-position="left" data-accent="rebeccapurple"></script></body></html>')
    for site in (allowed, other):
        (site.folder / "index.html").write_text(page_html, encoding="utf-8")
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{allowed.url}/index.html")
        page.locator("#lotse-widget .bubble").click()
        expect(page.get_by_role("heading", name="Ask us")).to_be_visible()
        box = page.locator("#lotse-widget .panel").bounding_box()
        assert box is not None and box["x"] < 100, "data-position=left"
        answer = ask(page, "Who is the contact person for trade fairs at WFS?")
        expect(answer).to_contain_text("Potocki")

        page.goto(f"{other.url}/index.html")
        page.locator("#lotse-widget .bubble").click()
        question = page.locator("#lotse-widget textarea#lotse-input")
        question.fill("What is Interreg?")
        question.press("Enter")
        expect(page.locator("#lotse-widget .msg.notice")).to_contain_text(
            "Sorry, something went wrong")
    finally:
        context.close()
        live.server.should_exit = True
        thread.join(timeout=10)


def test_web_addresses_in_answers_become_safe_links_and_the_form_keeps_focus(
        page: sync_api.Page, server: LiveServer) -> None:
    open_widget(page, server)
    answer = ask(page, "Wo melde ich mich zur Export-Sprechstunde Lausitz an?")
    text = answer.locator(".text")
    expect(text).to_contain_text("Adresse javascript:window.")
    link = text.locator("a")
    expect(link).to_have_count(1)  # the https address only, never the javascript: one
    expect(link).to_have_attribute(
        "href", "https://grenzland-agentur.example/export-sprechstunde/anmeldung")
    expect(link).to_have_attribute("rel", re.compile("noopener"))
    expect(link).to_have_attribute("target", "_blank")

    # The advisor form covers the conversation: Shift+Tab from its first field goes to the
    # header, not to the hidden question box or advisor button underneath.
    page.locator("#lotse-widget button.advisor").click()
    name = page.locator("#lotse-widget form.contact input[name=name]")
    expect(name).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#lotse-widget button.close")).to_be_focused()
    page.keyboard.press("Tab")
    expect(name).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#lotse-widget form.contact")).to_be_hidden()
    expect(page.locator("#lotse-widget button.advisor")).to_be_focused()
    box = page.locator("#lotse-widget textarea#lotse-input")
    box.focus()
    expect(box).to_be_focused()  # usable again once the form is gone


def test_not_found_names_the_advisor_button_and_thumbs_down_takes_a_reason(
        page: sync_api.Page, server: LiveServer, browser_settings: Settings) -> None:
    open_widget(page, server)
    answer = ask(page, "Wie wird das Wetter morgen in Dresden?")
    # The web's way to an advisor is the button under the question box, not a command.
    advisor_label = page.locator("#lotse-widget button.advisor").inner_text()
    expect(answer.locator(".text")).to_have_text(not_found_text("de", "web"))
    expect(answer.locator(".text")).to_contain_text(f"„{advisor_label}“")
    expect(answer.locator(".text")).not_to_contain_text("/contact")

    message_id = page.evaluate(
        "JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('lotse-widget:'))[1])"
        ".messages.at(-1).messageId")
    answer.get_by_role("button", name="Nicht hilfreich", exact=True).click()
    reason = answer.get_by_label("Was war nicht hilfreich? (optional)")
    expect(reason).to_be_focused()  # the keyboard is where the reason is typed
    limit = next(rule.max_length for rule in FeedbackRequest.model_fields["comment"].metadata
                 if hasattr(rule, "max_length"))
    expect(reason).to_have_attribute("maxlength", str(limit))
    db = get_database(browser_settings)
    with db.session() as s:  # the rating counts at once, before any reason
        stored = s.scalars(select(FeedbackRecord).where(
            FeedbackRecord.message_id == message_id)).one()
        assert (stored.rating, stored.comment) == ("down", None)
    page.keyboard.type("Ich wollte das Wetter wissen, nicht Förderung.")
    page.keyboard.press("Enter")
    expect(answer.locator(".reason-done")).to_have_text("Danke! Wir sehen uns das an.")
    expect(page.locator("#lotse-widget textarea#lotse-input")).to_be_focused()
    with db.session() as s:
        stored = s.scalars(select(FeedbackRecord).where(
            FeedbackRecord.message_id == message_id)).one()
        assert (stored.rating, stored.comment) == (
            "down", "Ich wollte das Wetter wissen, nicht Förderung.")

    # Escape in the reason line closes that line only, not the chat.
    second = ask(page, "Wie wird das Wetter übermorgen in Görlitz?")
    second.get_by_role("button", name="Nicht hilfreich", exact=True).click()
    expect(second.locator("form.reason input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(second.locator("form.reason")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_be_visible()


def test_welcome_follows_the_interface_language(page: sync_api.Page,
                                                server: LiveServer) -> None:
    open_widget(page, server)
    welcome = page.locator("#lotse-widget .msg.bot").first
    expect(welcome).to_contain_text("Guten Tag!")  # a German browser
    german = ask(page, "Wie hoch ist das Budget von Glokalisierung?")
    expect(german.get_by_role("button", name="Hilfreich", exact=True)).to_be_visible()
    ask(page, "Jaký je rozpočet projektu Glokalisierung?")
    expect(page.locator("#lotse-widget button.advisor")).to_have_text("Kontaktovat poradce")
    expect(welcome.locator(".text")).to_have_text(re.compile(r"^Dobrý den! "))
    # The earlier answer's controls speak the interface's new language too.
    earlier = page.locator("#lotse-widget .msg.bot").nth(1)
    expect(earlier).to_contain_text("488.639,75")
    expect(earlier.get_by_role("button", name="Užitečné", exact=True)).to_be_visible()
    expect(earlier.locator(".who")).to_have_text("Lotse: ")
    expect(page.locator("#lotse-widget .msg.user .who").first).to_have_text("Vy: ")
    page.reload()
    expect(page.locator("#lotse-widget .msg.bot").first).to_contain_text("Dobrý den!")


def test_a_long_answer_is_shown_from_its_start(browser: sync_api.Browser,
                                               server: LiveServer) -> None:
    # A small phone: the log has room for a few lines only.
    context = browser.new_context(viewport={"width": 360, "height": 520}, locale="en-GB",
                                  is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        open_widget(page, server)
        ask(page, "Who is the lead partner of InnoCoopPolSax?")
        answer = ask(page, "Wer ist Lead Partner von InnoCoopPolSax und wie hoch ist das "
                           "Budget?")
        log_box = page.locator("#lotse-widget .log").bounding_box()
        answer_box = answer.bounding_box()
        assert log_box is not None and answer_box is not None
        assert answer_box["height"] > log_box["height"], "the answer must not fit the log"
        # Its first line is at the top of the log; its end is further down, to scroll to.
        assert log_box["y"] <= answer_box["y"] <= log_box["y"] + 24, (log_box, answer_box)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "widget-long-answer.png"))
    finally:
        context.close()
