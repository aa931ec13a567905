"""The console explains answers: the playground's gate, passages and citations, replaying a
stored conversation, and links from what went wrong to adding a document (real app and
stores through TestClient)."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.core.assistant import Assistant
from bot.core.services.reports import overview
from bot.web.app import create_app
from knowledge.db import ChatSession
from tests.console.conftest import log_in
from tests.console.test_pages import post_form, wait_for_job


@pytest.fixture(autouse=True)
def _erase_stored_conversations(console_assistant: Assistant) -> Iterator[None]:
    """The data dir is shared with test_pages, which counts its thumbs-down and unanswered
    conversations: what a test here stores is erased after it."""
    def sessions() -> set[str]:
        with console_assistant.db.session() as s:
            return set(s.scalars(select(ChatSession.id)))

    before = sessions()
    yield
    for session_id in sessions() - before:
        console_assistant.conversations.erase_session(session_id)


def _section(html: str, element_id: str, tag: str = "table") -> str:
    found = re.search(rf'<{tag}[^>]*id="{element_id}"[^>]*>(.*?)</{tag}>', html, re.S)
    assert found, f"no {tag}#{element_id} on the page"
    return found.group(1)


def _ask(client: TestClient, question: str, **fields: str) -> str:
    response = post_form(client, "/admin/playground", "/admin/playground",
                         {"question": question, "language": "", "channel": "web"} | fields)
    assert response.status_code == 200, response.text[:500]
    return response.text


def test_the_gate_shows_the_score_it_compared_and_the_threshold(staff: TestClient,
                                                                console_settings) -> None:  # type: ignore[no-untyped-def]
    page = _ask(staff, "Kto jest partnerem wiodącym projektu InnoCoopPolSax?")
    compared = re.search(r'id="gate-compared">([0-9.]+)<', page).group(1)  # type: ignore[union-attr]
    threshold = re.search(r'id="gate-threshold">([0-9.]+)<', page).group(1)  # type: ignore[union-attr]
    assert float(threshold) == console_settings.answer_threshold
    # Passages are listed in the order used; the first one's score is the one compared.
    rows = re.findall(r'<tr id="passage-(\d+)"[^>]*><td>\d+</td><td class="num">([0-9.]+)</td>',
                      _section(page, "passages"))
    assert [int(n) for n, _ in rows] == list(range(1, len(rows) + 1)) and rows
    assert rows[0][1] == compared
    assert 'id="gate-decision">strong<' in page or 'id="gate-decision">supported<' in page
    assert 'id="unanswered-reason"' not in page


def test_every_citation_links_to_its_sentence_and_passage(staff: TestClient) -> None:
    page = _ask(staff, "Kto jest partnerem wiodącym projektu InnoCoopPolSax?")
    answer = _section(page, "answer", "pre")
    numbers = re.findall(r'<a href="#cite-(\d+)" class="cite">\[\1\]</a>', answer)
    assert numbers, answer
    citations = _section(page, "citations", "ol")
    for n in set(numbers):
        entry = re.search(rf'<li id="cite-{n}"[^>]*>(.*?)</ul>', citations, re.S)
        assert entry, f"[{n}] has no entry"
        quoted = re.findall(r"“(.*?)”", entry.group(1), re.S)
        assert quoted and all(q in answer for q in quoted)
        # The sentence is highlighted in the passage its link points to.
        for rank in re.findall(r'href="#passage-(\d+)"', entry.group(1)):
            row = re.search(rf'<tr id="passage-{rank}".*?</tr>', page, re.S).group(0)  # type: ignore[union-attr]
            assert any(f"<mark>{q}</mark>" in row for q in quoted)


def test_a_question_not_answered_says_why(console_settings, console_assistant) -> None:  # type: ignore[no-untyped-def]
    # A threshold no cosine reaches: the same on-topic question now fails the gate.
    strict = console_settings.model_copy(update={"answer_threshold": 0.99})
    client = TestClient(create_app(strict, Assistant(strict)))
    log_in(client)
    page = _ask(client, "Wer ist Lead Partner von InnoCoopPolSax?")
    assert 'id="answered">not answered' in page
    reason = html_lib.unescape(re.search(r'id="unanswered-reason">(.*?)</p>', page,  # type: ignore[union-attr]
                                         re.S).group(1))
    assert "below the answer threshold 0.990" in reason
    assert 'id="gate-decision">below threshold<' in page

    answered = _ask(client, "Wetter morgen?")
    assert "Why not answered:" in answered


def test_a_whitespace_question_gets_a_message_not_a_silent_reload(staff: TestClient) -> None:
    response = post_form(staff, "/admin/playground", "/admin/playground",
                         {"question": "   \n\t ", "language": "", "channel": "web"})
    assert response.status_code == 400
    assert 'id="question-error"' in response.text and "empty or only spaces" in response.text
    assert 'id="result"' not in response.text


def test_open_a_stored_conversation_in_the_playground_with_its_history(
        staff: TestClient, console_assistant: Assistant) -> None:
    first = console_assistant.ask("Wer ist Lead Partner von InnoCoopPolSax?", channel="web")
    follow = console_assistant.ask("und das Budget?", session_id=first.answer.session_id,
                                   channel="web")
    conversation = staff.get(f"/admin/conversations/{first.answer.session_id}").text
    links = [html_lib.unescape(h) for h in re.findall(r'class="replay" href="([^"]+)"',
                                                      conversation)]
    assert len(links) == 2  # one per question
    follow_link = links[1]
    assert parse_qs(urlparse(follow_link).query)["conversation"] == [first.answer.session_id]

    prefilled = staff.get(follow_link).text
    assert ">und das Budget?</textarea>" in prefilled
    assert "Wer ist Lead Partner von InnoCoopPolSax?" in _section(prefilled, "replay-history",
                                                                 "ol")
    stored_before = overview(console_assistant.db)["conversations"]

    query = parse_qs(urlparse(follow_link).query)
    page = _ask(staff, "und das Budget?", conversation=query["conversation"][0],
                message=query["message"][0])
    rewritten = html_lib.unescape(_section(page, "rewritten", "p"))
    assert "InnoCoopPolSax" in rewritten  # the follow-up was read with its history
    assert "answered" in _section(page, "replay-history", "ol")  # the replayed first turn
    assert overview(console_assistant.db)["conversations"] == stored_before
    assert follow.answer.session_id == first.answer.session_id

    # Without the history the same words are searched as they are.
    alone = _ask(staff, "und das Budget?")
    assert 'id="rewritten"' not in alone


def test_unanswered_and_thumbs_down_link_to_a_prefilled_new_document(
        staff: TestClient, console_assistant: Assistant) -> None:
    question = "Gibt es einen Zuschuss für Lastenfahrräder in Bautzen?"
    missed = console_assistant.ask(question, channel="telegram", language="de")
    assert not missed.answer.answered
    unanswered = staff.get("/admin/unanswered").text
    link = re.search(r'class="add-document small" href="([^"]*Lastenfahrr[^"]*)"', unanswered)
    assert link, "no add-a-document link for the unanswered question"
    form = staff.get(html_lib.unescape(link.group(1))).text
    assert f'name="title" value="{question}"' in form
    assert f'name="question" value="{question}"' in form
    assert '<option value="de" selected>' in form

    disliked = console_assistant.ask("Wer ist Lead Partner von InnoCoopPolSax?", channel="web")
    console_assistant.conversations.add_feedback(disliked.answer.message_id, "down",
                                                 "nennt nur den Namen, nicht die Adresse")
    opened = staff.get(f"/admin/conversations/{disliked.answer.session_id}").text
    assert "Thumbs-down reason: <q>nennt nur den Namen, nicht die Adresse</q>" in opened
    assert re.search(r'class="add-document" href="/admin/knowledge/write\?question=Wer\+ist',
                     opened)
    listing = staff.get("/admin/conversations", params={"rating": "down"}).text
    assert "<q>nennt nur den Namen, nicht die Adresse</q>" in listing


def test_a_written_document_is_ingested_and_answers_the_question(
        staff: TestClient, console_assistant: Assistant) -> None:
    assert 'href="/admin/knowledge/write" id="write-link"' in staff.get("/admin/knowledge").text
    question = "Wann öffnet das Gründerbüro Kamenz?"
    assert not console_assistant.ask(question, store=False).answer.answered
    response = post_form(staff, f"/admin/knowledge/write?question={question}",
                         "/admin/knowledge/write", {
                             "title": "Gründerbüro Kamenz", "language": "de", "type": "faq",
                             "question": question,
                             "text": "Das Gründerbüro Kamenz öffnet dienstags und donnerstags "
                                     "von 9 bis 15 Uhr im Rathaus Kamenz, Markt 1."})
    assert response.status_code == 200 and 'id="job"' in response.text
    job = wait_for_job(staff, response.text)
    assert job["status"] == "done" and job["report"]["counts"]["added"] == 1, job
    answer = console_assistant.ask(question, store=False).answer
    assert answer.answered and "dienstags und donnerstags" in answer.answer

    empty = post_form(staff, "/admin/knowledge/write", "/admin/knowledge/write",
                      {"title": "x", "language": "de", "text": "  "})
    assert empty.status_code == 400 and "the text is empty" in empty.text


def test_counts_use_the_plural_rules(staff: TestClient, console_assistant: Assistant) -> None:
    # The only question in Italian, so the filtered page counts exactly one.
    result = console_assistant.ask("Quante lune ha il pianeta Nettuno?", channel="web",
                                   language="it")
    assert not result.answer.answered
    page = staff.get("/admin/unanswered", params={"language": "it"}).text
    assert 'id="unanswered-total">1 question Lotse could not answer' in page


def test_the_asks_of_a_compound_question_and_a_name_not_in_the_sources(
        staff: TestClient) -> None:
    both = _ask(staff, "Kto prowadził projekt InnoCoopPolSax i ile wynosił budżet?")
    asks = re.findall(r"<tr class=\"[^\"]*\"><td>(.*?)</td><td>(yes|no)</td>",
                      _section(both, "asks"))
    assert len(asks) == 2, asks
    assert all("InnoCoopPolSax" in html_lib.unescape(ask) for ask, _ in asks)

    unknown = _ask(staff, "Wer ist Lead Partner im Projekt KORMORAN-05?")
    assert 'id="answered">not answered' in unknown
    reason = _section(unknown, "unanswered-reason", "p")
    assert "no passage mentions a project, programme or organisation" in reason
    row = _section(unknown, "asks")
    assert "<td>no</td>" in row and "KORMORAN-05" in row.split("<td>no</td>", 1)[1]
