"""Add a document: staff answer a question Lotse could not (an unanswered one, or one a user
gave a thumbs-down) by writing a short Markdown document, which is saved with the uploads and
ingested in the background like an uploaded file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from bot.app_state import AssistantDep, SettingsDep
from bot.console.documents import safe_filename, uploads_dir
from bot.console.jobs import Progress, job_runner
from bot.console.web import Staff, StaffAction, render, router
from bot.core.services.knowledge_admin import report_summary
from bot.i18n import LANGUAGE_NAMES

DOCUMENT_TYPES = ("faq", "programme", "call", "event", "report", "page")


def _page(request: Request, staff: Any, form: dict[str, str], errors: list[str] | None = None,
          status_code: int = 200) -> Response:
    return render(request, "write.html", {"form": form, "errors": errors or [],
                                          "languages": LANGUAGE_NAMES,
                                          "types": DOCUMENT_TYPES},
                  status_code=status_code, session=staff)


@router.get("/knowledge/write")
def write_page(request: Request, staff: Staff, question: str = "",
               language: str = "") -> Response:
    question = question.strip()[:500]
    form = {"question": question, "title": question,
            "language": language if language in LANGUAGE_NAMES else "",
            "type": "faq", "text": ""}
    return _page(request, staff, form)


def _free_path(folder: Path, name: str) -> Path:
    """`name` in `folder`, numbered when taken: a written document never replaces a file."""
    path = folder / name
    number = 2
    while path.exists():
        path = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
        number += 1
    return path


@router.post("/knowledge/write")
def write_document(request: Request, staff: StaffAction, settings: SettingsDep,
                   assistant: AssistantDep,
                   title: Annotated[str, Form(max_length=300)] = "",
                   text: Annotated[str, Form(max_length=100_000)] = "",
                   language: Annotated[str, Form()] = "",
                   type: Annotated[str, Form()] = "faq",  # noqa: A002 (the form field's name)
                   question: Annotated[str, Form(max_length=500)] = "") -> Response:
    form = {"title": title, "text": text, "language": language, "type": type,
            "question": question}
    errors = []
    if not title.strip():
        errors.append("Give the document a title.")
    if not text.strip():
        errors.append("Write the answer: the text is empty.")
    if language not in LANGUAGE_NAMES:
        errors.append("Choose the language the text is written in.")
    if errors:
        return _page(request, staff, form, errors, status_code=400)
    front = {"title": " ".join(title.split()), "language": language,
             "type": type if type in DOCUMENT_TYPES else "faq"}
    body = text.strip().replace("\r\n", "\n")
    if question.strip():
        # The question as a heading: what users asked is then in the text retrieval searches.
        body = f"## {' '.join(question.split())}\n\n{body}"
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = _free_path(folder, safe_filename(front["title"] + ".md"))
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
                    + "---\n" + body + "\n", encoding="utf-8")

    knowledge = assistant.services.knowledge

    def work(progress: Progress) -> dict[str, Any]:
        return report_summary(knowledge.ingest([path], progress=progress))

    job = job_runner(request).start("ingest", f"New document {path.name}", work)
    return RedirectResponse(f"/admin/knowledge?job={job.id}", status_code=303)
