"""Console pages with the real app and stores (TestClient; the browser tests cover the JS)."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.core.assistant import Assistant
from bot.core.services.reports import group_by_similarity, unanswered_questions
from tests.console.conftest import csrf_of
from tests.evaluation.conftest import GOLDEN_MINI


def wait_for_job(client: TestClient, page: str, timeout: float = 240) -> dict:
    job_id = re.search(r'data-job="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/admin/jobs/{job_id}").json()
        if job["status"] != "running":
            return job
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def post_form(client: TestClient, page_url: str, action: str, data: dict | None = None,
              files: dict | None = None):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(page_url).text)
    return client.post(action, data={"csrf_token": token} | (data or {}), files=files)


def test_playground_shows_route_passages_scores_and_timings(staff: TestClient) -> None:
    page = post_form(staff, "/admin/playground", "/admin/playground", {
        "question": "Kto jest partnerem wiodącym projektu InnoCoopPolSax?", "language": "",
        "channel": "telegram"})
    assert page.status_code == 200
    html = page.text
    assert 'id="route">route: documents' in html
    passages = re.search(r'<table id="passages">(.*?)</table>', html, re.S).group(1)
    assert "InnoCoopPolSax" in passages
    assert re.search(r'<td class="num">0\.\d{3}</td><td>de</td>', passages)  # score, language
    timings = re.search(r'<table id="timings">(.*?)</table>', html, re.S).group(1)
    for stage in ("retrieval", "answer", "total"):
        assert f"<th>{stage}</th>" in timings
    assert "Wirtschaftsförderung Sachsen" in html
    assert "language: pl" in html


def test_playground_questions_are_not_stored(staff: TestClient,
                                             console_assistant: Assistant) -> None:
    post_form(staff, "/admin/playground", "/admin/playground",
              {"question": "Ein Playground-Test über Quallen im Ozean", "language": "de"})
    texts = [q.text for q in unanswered_questions(console_assistant.db)]
    assert "Ein Playground-Test über Quallen im Ozean" not in texts


def test_upload_ingests_in_the_background_and_the_document_answers(
        staff: TestClient, console_assistant: Assistant, console_settings) -> None:  # type: ignore[no-untyped-def]
    text = ("---\ntitle: Kooperationsbörse Zgorzelec 2026\nlanguage: de\ntype: event\n---\n"
            "Die Kooperationsbörse Zgorzelec 2026 findet am 14. Oktober 2026 im Kulturhaus "
            "Zgorzelec statt. Anmeldeschluss für Aussteller ist der 30. September 2026.\n")
    response = post_form(staff, "/admin/knowledge", "/admin/knowledge/upload",
                         files={"files": ("börse zgorzelec.md", text.encode(), "text/markdown")})
    assert response.status_code == 200 and 'id="job"' in response.text
    job = wait_for_job(staff, response.text)
    assert job["status"] == "done", job
    assert job["report"]["counts"]["added"] == 1
    assert (Path(console_settings.data_dir) / "uploads" / "b-rse-zgorzelec.md").exists()
    listing = staff.get("/admin/knowledge").text
    assert "Kooperationsbörse Zgorzelec 2026" in listing
    # No waiting: a write in this process is seen by the retriever's BM25 half at once.
    answer = console_assistant.ask("Wann findet die Kooperationsbörse Zgorzelec 2026 statt?",
                                   store=False).answer
    assert answer.answered and "14. Oktober 2026" in answer.answer

    # Delete it again: gone from the list, from the answers and from the uploads folder.
    doc_id = re.search(r'data-doc="([^"]+)">\s*<td>Kooperationsbörse', listing).group(1)
    post_form(staff, "/admin/knowledge", f"/admin/knowledge/documents/{doc_id}/delete")
    assert "Kooperationsbörse Zgorzelec 2026" not in staff.get("/admin/knowledge").text
    assert not (Path(console_settings.data_dir) / "uploads" / "b-rse-zgorzelec.md").exists()


@pytest.mark.parametrize(("name", "size", "problem"), [
    ("tool.exe", 10, "type not allowed"),
    ("notes.md", 2 * 1024 * 1024, "larger than 1 MB"),
])
def test_upload_limits(console_settings, console_assistant, name: str, size: int,  # type: ignore[no-untyped-def]
                       problem: str) -> None:
    from bot.web.app import create_app
    from tests.console.conftest import log_in

    small = console_settings.model_copy(update={"upload_max_mb": 1})
    client = TestClient(create_app(small, console_assistant))
    log_in(client)
    response = post_form(client, "/admin/knowledge", "/admin/knowledge/upload",
                         files={"files": (name, b"x" * size, "application/octet-stream")})
    assert response.status_code in (400, 413)
    assert problem in response.text or "Too large" in response.text
    assert not (Path(small.data_dir) / "uploads" / name).exists()


@pytest.mark.parametrize("page", ["organisations", "programmes"])
@pytest.mark.parametrize(("name", "size", "problem"), [
    ("records.txt", 10, "use one of .csv, .xlsx, .json, .jsonl"),
    ("records.csv", 2 * 1024 * 1024, "larger than 1 MB"),
])
def test_import_upload_limits(console_settings, console_assistant, page: str,  # type: ignore[no-untyped-def]
                              name: str, size: int, problem: str) -> None:
    from bot.web.app import create_app
    from tests.console.conftest import log_in

    small = console_settings.model_copy(update={"upload_max_mb": 1})
    client = TestClient(create_app(small, console_assistant))
    log_in(client)
    response = post_form(client, f"/admin/{page}", f"/admin/{page}/import",
                         files={"file": (name, b"x" * size, "text/csv")})
    assert response.status_code in (400, 413)
    assert problem in response.text or "Too large" in response.text
    assert not (Path(small.data_dir) / "uploads" / page / name).exists()


def test_organisations_import_search_and_view(staff: TestClient) -> None:
    bad = "id,name,country\nx1,,DE\nx2,Zweite GmbH,Deutschland\n"
    response = post_form(staff, "/admin/organisations", "/admin/organisations/import",
                         files={"file": ("orgs.csv", bad.encode(), "text/csv")})
    assert response.status_code == 400
    assert "nothing was imported" in response.text
    assert "row 2" in response.text and "row 3" in response.text and "country" in response.text

    good = ("id,name,kind,country,city,languages,sectors,offers\n"
            "test-glass,Isergebirge Glas s.r.o.,company,CZ,Jablonec nad Nisou,cs;de,glass,"
            "Mundgeblasenes Glas und Glasperlen\n"
            "test-weber,Weberei Oberlausitz GmbH,company,DE,Zittau,de,textiles,"
            "Technische Textilien\n")
    response = post_form(staff, "/admin/organisations", "/admin/organisations/import",
                         files={"file": ("orgs.csv", good.encode(), "text/csv")})
    job = wait_for_job(staff, response.text)
    assert job["status"] == "done" and job["report"]["added"] == 2, job
    found = staff.get("/admin/organisations", params={"q": "glas", "country": "CZ"}).text
    assert "Isergebirge Glas" in found and "Weberei Oberlausitz" not in found
    assert "Weberei Oberlausitz" in staff.get("/admin/organisations",
                                              params={"sector": "textiles"}).text
    record = staff.get("/admin/organisations/test-glass").text
    assert "Jablonec nad Nisou" in record and "Mundgeblasenes Glas" in record


def test_conversations_thumbs_down_first_filters_and_csv(staff: TestClient,
                                                         console_assistant: Assistant) -> None:
    happy = console_assistant.ask("Wer ist Lead Partner von InnoCoopPolSax?", channel="web")
    unhappy = console_assistant.ask("Who is the contact person for trade fairs at WFS?",
                                    channel="telegram")
    console_assistant.conversations.add_feedback(happy.answer.message_id, "up")
    console_assistant.conversations.add_feedback(unhappy.answer.message_id, "down", "=too short")
    listing = staff.get("/admin/conversations").text
    rows = re.findall(r'href="/admin/conversations/(s_[^"]+)"', listing)
    assert rows.index(unhappy.answer.session_id) < rows.index(happy.answer.session_id)
    assert rows[0] == unhappy.answer.session_id or 'class="down"' in listing.split(rows[0])[0]

    only_pl = staff.get("/admin/conversations", params={"language": "en"}).text
    assert unhappy.answer.session_id in only_pl and happy.answer.session_id not in only_pl
    by_channel = staff.get("/admin/conversations", params={"channel": "web"}).text
    assert happy.answer.session_id in by_channel and unhappy.answer.session_id not in by_channel
    assert happy.answer.session_id not in staff.get(
        "/admin/conversations", params={"since": "2999-01-01"}).text

    opened = staff.get(f"/admin/conversations/{unhappy.answer.session_id}").text
    assert "Who is the contact person for trade fairs at WFS?" in opened and "👎" in opened

    export = staff.get("/admin/conversations/export.csv", params={"rating": "down"})
    assert export.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(export.text)))
    assert {r["session_id"] for r in table} == {unhappy.answer.session_id}
    assert [r["role"] for r in table] == ["user", "assistant"]
    assert table[1]["rating"] == "down" and table[1]["comment"] == "'=too short"


def test_unanswered_questions_are_grouped_by_meaning(staff: TestClient,
                                                     console_assistant: Assistant) -> None:
    for question in ("Wie wird das Wetter morgen in Dresden?",
                     "Wie wird morgen das Wetter in Dresden?",
                     "Write me a poem about the sea, please."):
        assert not console_assistant.ask(question, channel="web").answer.answered
    groups = group_by_similarity(unanswered_questions(console_assistant.db),
                                 console_assistant.embedder)
    weather = next(g for g in groups if "Wetter" in g.label)
    assert len(weather.questions) >= 2
    assert all("poem" not in q.text for q in weather.questions)
    page = staff.get("/admin/unanswered").text
    assert "Write me a poem about the sea" in page and "2×" in page


def test_advisor_request_status(staff: TestClient, console_assistant: Assistant) -> None:
    request_id = console_assistant.conversations.add_contact(
        name="Jana Nováková", email="jana@example.com", message="Hledáme partnera v Sasku.",
        language="cs", consent=True, channel="telegram")
    page = staff.get("/admin/requests", params={"status": "new"}).text
    assert "Jana Nováková" in page
    response = post_form(staff, "/admin/requests", f"/admin/requests/{request_id}/status",
                         {"status": "in_progress"})
    assert response.status_code == 200
    assert "Jana Nováková" in staff.get("/admin/requests", params={"status": "in_progress"}).text
    assert "Jana Nováková" not in staff.get("/admin/requests", params={"status": "new"}).text
    refused = post_form(staff, "/admin/requests", f"/admin/requests/{request_id}/status",
                        {"status": "deleted"})
    assert refused.status_code == 400


def test_evaluation_runs_a_golden_file_and_shows_the_table(staff: TestClient) -> None:
    response = post_form(staff, "/admin/evaluation", "/admin/evaluation/upload",
                         files={"file": ("mini.yaml", GOLDEN_MINI.read_bytes(), "text/yaml")})
    assert response.status_code == 200
    assert "uploaded/mini.yaml" in response.text
    broken = post_form(staff, "/admin/evaluation", "/admin/evaluation/upload",
                       files={"file": ("broken.yaml", b"- id: x\n", "text/yaml")})
    assert broken.status_code == 400 and "question" in broken.text
    for _ in range(2):  # the second run is compared with the first
        response = post_form(staff, "/admin/evaluation", "/admin/evaluation/run",
                             {"golden": "uploaded/mini.yaml"})
        job = wait_for_job(staff, response.text)
        assert job["status"] == "done", job
    page = staff.get("/admin/evaluation", params={"run": job["report"]["run"]}).text
    assert 'id="pass-rate">100.0 %' in page
    assert page.count('<tr class="pass">') == 5
    assert "Since the run of" in page and "(+0.0 points)" in page


def _small_upload_client(console_settings, console_assistant):  # type: ignore[no-untyped-def]
    from bot.web.app import create_app
    from tests.console.conftest import log_in

    small = console_settings.model_copy(update={"upload_max_mb": 1})
    client = TestClient(create_app(small, console_assistant))
    log_in(client)
    return client, small


def test_a_multi_file_upload_is_limited_per_file_not_as_a_whole(
        console_settings, console_assistant) -> None:  # type: ignore[no-untyped-def]
    client, small = _small_upload_client(console_settings, console_assistant)
    # Four files of 0.6 MB each are all within the 1 MB per-file limit the page states; the
    # request as a whole (2.4 MB) must reach the per-file checks, not be refused unread.
    # One file has a refused type, so nothing is ingested and the test stays fast.
    files = [("files", (f"part-{n}.md", b"x" * 600_000, "text/markdown")) for n in range(3)]
    files.append(("files", ("tool.exe", b"x" * 600_000, "application/octet-stream")))
    token = csrf_of(client.get("/admin/knowledge").text)
    response = client.post("/admin/knowledge/upload", data={"csrf_token": token}, files=files)
    assert response.status_code == 400, response.status_code
    assert "tool.exe: type not allowed" in response.text
    assert not any((Path(small.data_dir) / "uploads").glob("part-*.md"))


def test_too_many_files_in_one_upload_are_refused(console_settings, console_assistant
                                                  ) -> None:  # type: ignore[no-untyped-def]
    from bot.console.web import MAX_FILES_PER_UPLOAD

    client, small = _small_upload_client(console_settings, console_assistant)
    files = [("files", (f"many-{n}.txt", b"Kurzer Text.", "text/plain"))
             for n in range(MAX_FILES_PER_UPLOAD + 1)]
    token = csrf_of(client.get("/admin/knowledge").text)
    response = client.post("/admin/knowledge/upload", data={"csrf_token": token}, files=files)
    assert response.status_code == 400
    assert f"upload at most {MAX_FILES_PER_UPLOAD}" in response.text
    assert not any((Path(small.data_dir) / "uploads").glob("many-*.txt"))


def test_the_csv_link_exports_exactly_the_filters_applied(staff: TestClient) -> None:
    def export_link(params: dict[str, str]) -> str:
        page = staff.get("/admin/conversations", params=params).text
        return re.search(r'href="([^"]*)" id="export-csv"', page).group(1)  # type: ignore[union-attr]

    # A date that does not parse filters nothing, and cannot add a filter of its own.
    assert export_link({"channel": "web", "since": "x&rating=up"}) == \
        "/admin/conversations/export.csv?channel=web"
    assert export_link({"since": "2026-01-05", "rating": "down"}) == \
        "/admin/conversations/export.csv?since=2026-01-05&amp;rating=down"


def test_every_unanswered_group_opens_its_conversation(staff: TestClient,
                                                       console_assistant: Assistant) -> None:
    question = "Wie viele Monde hat der Planet Neptun eigentlich?"
    result = console_assistant.ask(question, channel="web")
    assert not result.answer.answered
    page = staff.get("/admin/unanswered").text
    assert f'<a href="/admin/conversations/{result.answer.session_id}">{question}</a>' in page


def test_console_pages_bring_their_own_icon(staff: TestClient) -> None:
    # Without it every page makes the browser request /favicon.ico, a 404 in the console log.
    assert '<link rel="icon" href="data:,">' in staff.get("/admin/").text
