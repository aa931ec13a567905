"""The console's knowledge page: re-ingest that skips unchanged files, a separate forced
re-embedding, sources shown relative to the repository, and the uploads folder (a broken PDF is
reported once, listed, and can be deleted). Real app, real stores, a data dir of its own."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.core.assistant import Assistant
from bot.web.app import create_app
from knowledge.db import forget_database
from knowledge.settings import Settings
from tests.conftest import make_settings
from tests.console.conftest import TOKEN, log_in
from tests.console.test_pages import post_form, wait_for_job


@pytest.fixture(scope="module")
def knowledge_settings(mini_data_dir: Path,
                       tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    target = tmp_path_factory.mktemp("knowledge") / "data"
    shutil.copytree(mini_data_dir, target)
    s = make_settings(target, LOTSE_ADMIN_TOKEN=TOKEN)
    yield s
    forget_database(s)


@pytest.fixture(scope="module")
def knowledge_client(knowledge_settings: Settings) -> TestClient:
    client = TestClient(create_app(knowledge_settings, Assistant(knowledge_settings)))
    assert log_in(client).status_code == 303
    return client


def _documents_shown(page: str) -> list[str]:
    return re.findall(r'<span class="muted small">([^<]+)</span>', page)


def test_reingest_all_skips_unchanged_files_and_force_re_embeds_them(
        knowledge_client: TestClient) -> None:
    page = knowledge_client.get("/admin/knowledge").text
    assert "Force re-embed all documents" in page and 'id="force-warning"' in page
    response = post_form(knowledge_client, "/admin/knowledge", "/admin/knowledge/reingest")
    job = wait_for_job(knowledge_client, response.text)
    assert job["status"] == "done", job
    counts = job["report"]["counts"]
    assert counts["unchanged"] == 4, counts
    assert counts["updated"] == counts["added"] == counts["chunks_written"] == 0

    response = post_form(knowledge_client, "/admin/knowledge", "/admin/knowledge/reingest",
                         data={"force": "true"})
    job = wait_for_job(knowledge_client, response.text)
    assert job["status"] == "done", job
    assert job["title"].startswith("Forced re-embedding")
    counts = job["report"]["counts"]
    assert counts["updated"] == 4 and counts["unchanged"] == 0 and counts["chunks_written"] > 0


def test_sources_stay_repository_relative_after_a_console_reingest(
        knowledge_client: TestClient) -> None:
    post = post_form(knowledge_client, "/admin/knowledge", "/admin/knowledge/reingest",
                     data={"force": "true"})
    assert wait_for_job(knowledge_client, post.text)["status"] == "done"
    shown = _documents_shown(knowledge_client.get("/admin/knowledge").text)
    assert sorted(shown) == sorted(
        f"tests/data/mini_corpus/{name}" for name in
        ("faq-pl.md", "glokalisierung.md", "innocooppolsax.md", "wfs-services-en.md"))


def test_a_broken_pdf_is_reported_once_listed_and_deletable(
        knowledge_client: TestClient, knowledge_settings: Settings) -> None:
    broken = b"%PDF-1.7\n" + bytes(range(256)) * 4
    response = post_form(knowledge_client, "/admin/knowledge", "/admin/knowledge/upload",
                         files={"files": ("broken.pdf", broken, "application/pdf")})
    job = wait_for_job(knowledge_client, response.text)
    assert job["report"]["failed"][0]["path"] == "broken.pdf"
    page = knowledge_client.get(f"/admin/knowledge?job={job['id']}").text
    assert "broken.pdf: not a readable PDF" in page
    assert "broken.pdf: broken.pdf" not in page

    # It stays in the uploads folder, and the page lists it with a way to delete it.
    uploaded = Path(knowledge_settings.data_dir) / "uploads" / "broken.pdf"
    assert uploaded.exists()
    assert re.search(r'data-upload="broken.pdf">.*?not ingested', page, re.S)
    deleted = post_form(knowledge_client, "/admin/knowledge",
                        "/admin/knowledge/uploads/broken.pdf/delete")
    assert deleted.status_code == 200 and not uploaded.exists()
    assert 'data-upload="broken.pdf"' not in knowledge_client.get("/admin/knowledge").text


def test_deleting_an_ingested_upload_removes_its_document(
        knowledge_client: TestClient, knowledge_settings: Settings) -> None:
    text = ("---\ntitle: Messe Liberec Testeintrag\nlanguage: de\n---\n"
            "Die Messe Liberec Testeintrag findet am 3. März 2027 im Messezentrum statt.\n")
    response = post_form(knowledge_client, "/admin/knowledge", "/admin/knowledge/upload",
                         files={"files": ("messe.md", text.encode(), "text/markdown")})
    assert wait_for_job(knowledge_client, response.text)["report"]["counts"]["added"] == 1
    page = knowledge_client.get("/admin/knowledge").text
    assert re.search(r'data-upload="messe.md">.*?ingested', page, re.S)
    # Shown relative to the data dir, not as the server's absolute path.
    assert "uploads/messe.md" in _documents_shown(page)
    post_form(knowledge_client, "/admin/knowledge", "/admin/knowledge/uploads/messe.md/delete")
    page = knowledge_client.get("/admin/knowledge").text
    assert "Messe Liberec Testeintrag" not in page
    assert not (Path(knowledge_settings.data_dir) / "uploads" / "messe.md").exists()


def test_a_name_that_leaves_the_uploads_folder_is_refused(knowledge_client: TestClient) -> None:
    response = post_form(knowledge_client, "/admin/knowledge",
                         "/admin/knowledge/uploads/..%2Fchroma/delete")
    assert response.status_code == 404
