"""Evaluation: run a golden set, see every question's checks, totals and the change since the
previous run. Golden files are the bundled ones and those staff upload into <data dir>/golden."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from bot.app_state import AssistantDep, SettingsDep
from bot.console.jobs import Progress, job_runner
from bot.console.web import Staff, StaffAction, render, router
from bot.evaluation.golden import (
    CHECKS,
    GoldenFormatError,
    evaluate_golden_file,
    history_dir,
    list_runs,
    load_golden,
)

BUNDLED_GOLDEN = Path(__file__).resolve().parents[2] / "knowledge" / "golden"
_RUN_FILE = re.compile(r"^answers-[0-9TZ]+\.json$")
_GOLDEN_NAME = re.compile(r"^[A-Za-z0-9._-]+\.ya?ml$")


def golden_files(settings: Any) -> dict[str, Path]:
    """Choosable golden files by key: 'bundled/NAME' and 'uploaded/NAME'."""
    files: dict[str, Path] = {}
    for prefix, folder in (("bundled", BUNDLED_GOLDEN), ("uploaded",
                                                          Path(settings.data_dir) / "golden")):
        if folder.is_dir():
            for path in sorted(folder.glob("*.y*ml")):
                files[f"{prefix}/{path.name}"] = path
    return files


def _load_run(settings: Any, name: str) -> dict[str, Any] | None:
    if not _RUN_FILE.match(name):
        return None
    path = history_dir(settings.data_dir) / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def _page(request: Request, staff: Any, settings: Any, run_name: str = "", job_id: str = "",
          errors: list[str] | None = None, status_code: int = 200) -> Response:
    runs = list_runs(settings.data_dir)
    run_name = run_name or (runs[0]["file"] if runs else "")
    run = _load_run(settings, run_name) if run_name else None
    job = job_runner(request).get(job_id) if job_id else job_runner(request).running("eval")
    return render(request, "evaluation.html", {
        "golden_files": list(golden_files(settings)), "runs": runs, "run": run,
        "run_name": run_name, "checks": CHECKS, "job": job.as_dict() if job else None,
        "errors": errors or []}, status_code=status_code, session=staff)


@router.get("/evaluation")
def evaluation_page(request: Request, staff: Staff, settings: SettingsDep, run: str = "",
                    job: str = "") -> Response:
    return _page(request, staff, settings, run_name=run, job_id=job)


@router.post("/evaluation/run")
def run_golden_set(request: Request, staff: StaffAction, settings: SettingsDep,
                   assistant: AssistantDep, golden: Annotated[str, Form()] = "") -> Response:
    path = golden_files(settings).get(golden)
    if path is None:
        return _page(request, staff, settings, errors=[f"Unknown golden file {golden!r}."],
                     status_code=400)
    try:
        load_golden(path)
    except GoldenFormatError as exc:
        return _page(request, staff, settings, errors=[str(exc)], status_code=400)
    runner = job_runner(request)
    if runner.running("eval"):
        return _page(request, staff, settings, errors=["A golden-set run is already going."],
                     status_code=409)

    def work(progress: Progress) -> dict[str, Any]:
        run = evaluate_golden_file(assistant, path, settings.data_dir, progress=progress)
        return {"run": Path(run.saved_as or "").name, "pass_rate": run.pass_rate}

    job = runner.start("eval", f"Golden set {golden}", work)
    return RedirectResponse(f"/admin/evaluation?job={job.id}", status_code=303)


@router.post("/evaluation/upload")
def upload_golden(request: Request, staff: StaffAction, settings: SettingsDep,
                  file: Annotated[UploadFile, File()]) -> Response:
    name = Path((file.filename or "").replace("\\", "/")).name
    if not _GOLDEN_NAME.match(name):
        return _page(request, staff, settings, status_code=400,
                     errors=["A golden file is a .yaml file with a plain name (letters, digits, "
                             ". _ -)."])
    data = file.file.read(settings.upload_max_mb * 1024 * 1024 + 1)
    if len(data) > settings.upload_max_mb * 1024 * 1024:
        return _page(request, staff, settings, status_code=400,
                     errors=[f"{name}: larger than {settings.upload_max_mb} MB"])
    folder = Path(settings.data_dir) / "golden"
    folder.mkdir(parents=True, exist_ok=True)
    candidate = folder / (name + ".part")
    candidate.write_bytes(data)
    try:
        load_golden(candidate)
    except GoldenFormatError as exc:
        candidate.unlink(missing_ok=True)
        return _page(request, staff, settings, errors=[str(exc).replace(str(candidate), name)],
                     status_code=400)
    candidate.replace(folder / name)
    return RedirectResponse("/admin/evaluation", status_code=303)
