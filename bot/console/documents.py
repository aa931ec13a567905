"""Knowledge: the ingested documents; upload, re-ingest and delete, ingestion in the background."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from bot.app_state import AssistantDep, SettingsDep
from bot.console.jobs import Progress, job_runner
from bot.console.web import MAX_FILES_PER_UPLOAD, Staff, StaffAction, render, router
from bot.core.services.knowledge_admin import report_summary
from ingestion.readers import SUPPORTED_SUFFIXES

# Ingestion owns what it can read; an upload it could not read is refused at the door.
ALLOWED_SUFFIXES = SUPPORTED_SUFFIXES
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def uploads_dir(settings: Any) -> Path:
    return Path(settings.data_dir) / "uploads"


def safe_filename(name: str) -> str:
    """The base name only, reduced to harmless characters (no paths, no hidden files)."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = _UNSAFE.sub("-", stem).strip("-.")[:80] or "document"
    return f"{stem}{suffix}"


def save_import_upload(settings: Any, file: UploadFile, folder_name: str,
                       suffixes: tuple[str, ...]) -> tuple[Path | None, str | None]:
    """An organisation or programme file the console was sent, saved under uploads/<folder>
    for the import job: (path, None), or (None, the reason it was refused)."""
    name = safe_filename(file.filename or "")
    if Path(name).suffix not in suffixes:
        return None, f"{file.filename}: use one of {', '.join(suffixes)}"
    limit = settings.upload_max_mb * 1024 * 1024
    data = file.file.read(limit + 1)
    if len(data) > limit:
        return None, f"{file.filename}: larger than {settings.upload_max_mb} MB"
    folder = uploads_dir(settings) / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path, None


def _ingest_job(request: Request, assistant: Any, paths: list[Path], title: str,
                force: bool = False) -> str:
    knowledge = assistant.services.knowledge

    def work(progress: Progress) -> dict[str, Any]:
        return report_summary(knowledge.ingest(paths, progress=progress, force=force))

    return job_runner(request).start("ingest", title, work).id


def _page(request: Request, staff: Any, settings: Any, assistant: Any,
          errors: list[str] | None = None, job_id: str = "", status_code: int = 200
          ) -> Response:
    job = job_runner(request).get(job_id) if job_id else job_runner(request).running("ingest")
    documents = assistant.services.knowledge.documents()
    return render(request, "knowledge.html", {
        "documents": documents, "errors": errors or [],
        "allowed": ", ".join(ALLOWED_SUFFIXES), "max_mb": settings.upload_max_mb,
        "max_files": MAX_FILES_PER_UPLOAD,
        "job": job.as_dict() if job else None,
        "passages": sum(d.chunk_count or 0 for d in documents),
        "uploaded_files": uploaded_files(settings, documents),
        "uploads": str(uploads_dir(settings))}, status_code=status_code, session=staff)


@dataclass
class UploadedFile:
    name: str
    size_kb: float
    doc_id: str | None      # the document it became; None when it failed or is not ingested


def uploaded_files(settings: Any, documents: list[Any]) -> list[UploadedFile]:
    """Every file in the uploads folder, with the document it became: a file that failed to
    ingest stays there (a broken PDF), and staff must be able to see and remove it."""
    folder = uploads_dir(settings)
    if not folder.is_dir():
        return []
    by_path = {str(p.resolve()): d.id for d in documents if (p := _document_path(d))}
    return [UploadedFile(path.name, round(path.stat().st_size / 1024, 1),
                         by_path.get(str(path.resolve())))
            for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.endswith(".part")]


@router.get("/knowledge")
def knowledge_page(request: Request, staff: Staff, settings: SettingsDep,
                   assistant: AssistantDep, job: str = "") -> Response:
    return _page(request, staff, settings, assistant, job_id=job)


@router.post("/knowledge/upload")
def upload(request: Request, staff: StaffAction, settings: SettingsDep, assistant: AssistantDep,
           files: Annotated[list[UploadFile], File()]) -> Response:
    limit = settings.upload_max_mb * 1024 * 1024
    errors: list[str] = []
    if len(files) > MAX_FILES_PER_UPLOAD:
        errors.append(f"{len(files)} files at once; upload at most {MAX_FILES_PER_UPLOAD}.")
    accepted: list[tuple[UploadFile, str]] = []
    for upload_file in files:
        name = safe_filename(upload_file.filename or "")
        if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
            errors.append(f"{upload_file.filename}: type not allowed "
                          f"(allowed: {', '.join(ALLOWED_SUFFIXES)})")
        elif (upload_file.size or 0) > limit:
            errors.append(f"{upload_file.filename}: larger than {settings.upload_max_mb} MB")
        else:
            accepted.append((upload_file, name))
    if errors or not accepted:
        return _page(request, staff, settings, assistant,
                     errors=errors or ["Choose at least one file."], status_code=400)
    target = uploads_dir(settings)
    target.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for upload_file, name in accepted:
        path = target / name
        partial = path.with_name(path.name + ".part")
        written = 0
        with partial.open("wb") as out:
            while chunk := upload_file.file.read(1024 * 1024):
                written += len(chunk)
                if written > limit:  # the declared size can lie; the bytes cannot
                    break
                out.write(chunk)
        if written > limit:
            partial.unlink(missing_ok=True)
            errors.append(f"{upload_file.filename}: larger than {settings.upload_max_mb} MB")
            continue
        partial.replace(path)
        saved.append(path)
    if errors:
        for path in saved:
            path.unlink(missing_ok=True)
        return _page(request, staff, settings, assistant, errors=errors, status_code=400)
    job_id = _ingest_job(request, assistant, saved,
                         f"Upload of {', '.join(p.name for p in saved)}")
    return RedirectResponse(f"/admin/knowledge?job={job_id}", status_code=303)


def _document_path(record: Any) -> Path | None:
    path = (record.meta or {}).get("path")
    return Path(path) if path else None


@router.post("/knowledge/reingest")
def reingest_all(request: Request, staff: StaffAction, settings: SettingsDep,
                 assistant: AssistantDep, force: Annotated[bool, Form()] = False) -> Response:
    """Re-read every document file: unchanged ones (same content hash) are skipped, as the
    button says; `force` re-embeds them all, which the page warns takes minutes."""
    paths = [p for r in assistant.services.knowledge.documents()
             if (p := _document_path(r)) and p.exists()]
    if not paths:
        return _page(request, staff, settings, assistant,
                     errors=["No document file is reachable to re-ingest."], status_code=400)
    title = (f"Forced re-embedding of {len(paths)} documents" if force
             else f"Re-ingest of {len(paths)} documents (unchanged files skipped)")
    job_id = _ingest_job(request, assistant, paths, title, force=force)
    return RedirectResponse(f"/admin/knowledge?job={job_id}", status_code=303)


@router.post("/knowledge/documents/{doc_id}/reingest")
def reingest_one(request: Request, doc_id: str, staff: StaffAction, settings: SettingsDep,
                 assistant: AssistantDep) -> Response:
    record = assistant.services.knowledge.document(doc_id)
    path = _document_path(record) if record else None
    if record is None or path is None or not path.exists():
        return _page(request, staff, settings, assistant, status_code=404,
                     errors=[f"The file of document {doc_id} is not available any more."])
    job_id = _ingest_job(request, assistant, [path], f"Re-ingest of {record.title}",
                         force=True)
    return RedirectResponse(f"/admin/knowledge?job={job_id}", status_code=303)


@router.post("/knowledge/documents/{doc_id}/delete")
def delete(request: Request, doc_id: str, staff: StaffAction, settings: SettingsDep,
           assistant: AssistantDep) -> Response:
    knowledge = assistant.services.knowledge
    record = knowledge.document(doc_id)
    if record is None:
        return _page(request, staff, settings, assistant, status_code=404,
                     errors=[f"No document {doc_id}."])
    knowledge.delete_document(doc_id)
    path = _document_path(record)
    uploads = uploads_dir(settings).resolve()
    # An uploaded file goes too, or the next re-ingest of the uploads would bring it back.
    if path is not None and path.resolve().parent == uploads and path.exists():
        path.unlink()
    return RedirectResponse("/admin/knowledge", status_code=303)




@router.post("/knowledge/uploads/{name}/delete")
def delete_upload(request: Request, name: str, staff: StaffAction, settings: SettingsDep,
                  assistant: AssistantDep) -> Response:
    """Remove a file from the uploads folder, and the document it became if it was ingested."""
    folder = uploads_dir(settings).resolve()
    path = folder / safe_filename(name)
    # Only a plain name inside the uploads folder: never a path that leads out of it.
    if safe_filename(name) != name or not path.is_file():
        return _page(request, staff, settings, assistant, status_code=404,
                     errors=[f"No uploaded file {name}."])
    knowledge = assistant.services.knowledge
    for entry in uploaded_files(settings, knowledge.documents()):
        if entry.name == name and entry.doc_id:
            knowledge.delete_document(entry.doc_id)
    path.unlink()
    return RedirectResponse("/admin/knowledge", status_code=303)
