"""Programmes: the funding catalogue for staff. List and filter it (or rank it by meaning as
the funding finder does), edit a programme in a form checked like an imported row, import a
file (all or nothing)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import File, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from bot.app_state import AssistantDep, SettingsDep
from bot.console.documents import save_import_upload
from bot.console.jobs import Progress, job_runner
from bot.console.web import Staff, StaffAction, render, router
from bot.core.services.programmes import FORMATS, ImportFailed

IMPORT_SUFFIXES = FORMATS


def _page(request: Request, staff: Any, assistant: Any, params: dict[str, Any],
          errors: list[str] | None = None, job_id: str = "", status_code: int = 200
          ) -> Response:
    from knowledge.programmes.records import KINDS, PURPOSES

    programmes = assistant.services.programmes
    everything = programmes.all()
    today = date.today()
    listed = programmes.listing(params["q"], country=params["country"],
                                purpose=params["purpose"], kind=params["kind"],
                                include_closed=params["closed"], today=today,
                                records=everything)
    rows = [{"record": r, "score": s, "name": r.name("en"), "closed": r.is_closed(today)}
            for r, s in listed]
    job = job_runner(request).get(job_id) if job_id else \
        job_runner(request).running("programme-import")
    return render(request, "programmes.html", {
        "params": params, "rows": rows, "total": len(rows), "searched": bool(params["q"]),
        "kinds": KINDS, "purposes": PURPOSES,
        "countries": sorted({c for r in everything for c in r.countries}),
        "errors": errors or [], "job": job.as_dict() if job else None,
        "formats": ", ".join(IMPORT_SUFFIXES)}, status_code=status_code, session=staff)


def _params(q: str = "", country: str = "", purpose: str = "", kind: str = "",
            closed: str = "") -> dict[str, Any]:
    return {"q": q.strip()[:500], "country": country.upper(), "purpose": purpose,
            "kind": kind, "closed": closed in ("1", "on", "true")}


@router.get("/programmes")
def programmes_page(request: Request, staff: Staff, assistant: AssistantDep, q: str = "",
                    country: str = "", purpose: str = "", kind: str = "", closed: str = "",
                    job: str = "") -> Response:
    return _page(request, staff, assistant, _params(q, country, purpose, kind, closed),
                 job_id=job)


def _form(request: Request, staff: Any, values: dict[str, str], columns: list[str],
          programme_id: str, errors: list[Any], saved: bool, status_code: int = 200,
          new: bool = False) -> Response:
    from knowledge.programmes.records import TEXT_FIELDS

    long_fields = {c for c in columns if c.partition(".")[0] in TEXT_FIELDS[1:]}
    return render(request, "programme.html", {
        "programme_id": programme_id, "columns": columns, "values": values,
        "long_fields": long_fields, "errors": errors,
        "error_columns": {e.column for e in errors}, "saved": saved, "new": new},
        status_code=status_code, session=staff)


# Registered before "/programmes/{programme_id}", which would otherwise take "new" for an id.
@router.get("/programmes/new")
def new_programme_page(request: Request, staff: Staff) -> Response:
    from knowledge.programmes.exporter import sheet_columns

    columns = sheet_columns([])
    return _form(request, staff, dict.fromkeys(columns, ""), columns, "", [], False, new=True)


@router.post("/programmes/new")
async def create_programme(request: Request, staff: StaffAction,
                           assistant: AssistantDep) -> Response:
    """A new programme from the form, checked like an imported row; an id that exists is
    refused (the edit form changes existing programmes)."""
    from knowledge.companies.records import RowError
    from knowledge.programmes.exporter import sheet_columns
    from knowledge.programmes.records import COLUMNS, validate_row

    form = await request.form()
    columns = sheet_columns([])
    values = {c: str(form.get(c, "")).strip() for c in columns}
    record, errors = validate_row("form", {c: v for c, v in values.items() if c in COLUMNS})
    programmes = assistant.services.programmes
    if record is not None and programmes.get(record.id) is not None:
        errors = [RowError("form", "id", f"a programme '{record.id}' exists already")]
    if record is None or errors:
        return _form(request, staff, values, columns, "", errors, False, status_code=400,
                     new=True)
    programmes.save(record)
    return RedirectResponse(f"/admin/programmes/{record.id}?saved=1", status_code=303)


@router.get("/programmes/{programme_id}")
def programme_page(request: Request, programme_id: str, staff: Staff,
                   assistant: AssistantDep, saved: str = "") -> Response:
    from knowledge.programmes.exporter import sheet_cells, sheet_columns

    record = assistant.services.programmes.get(programme_id)
    if record is None:
        return render(request, "refused.html", {"reason": "not_found"}, status_code=404,
                      session=staff)
    columns = sheet_columns([record])
    values = {c: str(v) for c, v in zip(columns, sheet_cells(record, columns), strict=True)}
    return _form(request, staff, values, columns, programme_id, [], saved == "1")


@router.post("/programmes/{programme_id}/edit")
async def save_programme(request: Request, programme_id: str, staff: StaffAction,
                         assistant: AssistantDep) -> Response:
    """The form's fields are the import columns; a row that an import would reject is shown
    again with its errors, and nothing is saved."""
    from knowledge.programmes.exporter import sheet_columns
    from knowledge.programmes.records import COLUMNS, validate_row

    programmes = assistant.services.programmes
    record = programmes.get(programme_id)
    if record is None:
        return render(request, "refused.html", {"reason": "not_found"}, status_code=404,
                      session=staff)
    form = await request.form()
    columns = sheet_columns([record])
    values = {c: str(form.get(c, "")) for c in columns}
    # The id is the page's: a form cannot rename a programme (that would orphan references).
    values["id"] = programme_id
    raw = {c: v for c, v in values.items() if c in COLUMNS}
    updated, errors = validate_row("form", raw)
    if updated is None:
        return _form(request, staff, values, columns, programme_id, errors, False,
                     status_code=400)
    programmes.save(updated)
    return RedirectResponse(f"/admin/programmes/{programme_id}?saved=1", status_code=303)


@router.post("/programmes/import")
def import_programmes(request: Request, staff: StaffAction, settings: SettingsDep,
                      assistant: AssistantDep, file: Annotated[UploadFile, File()]) -> Response:
    params = _params()
    path, refused = save_import_upload(settings, file, "programmes", IMPORT_SUFFIXES)
    if path is None:
        return _page(request, staff, assistant, params, status_code=400, errors=[refused])
    programmes = assistant.services.programmes
    try:
        # The same validation and report as `lotse programmes import`.
        records = programmes.check_file(path)
    except ImportFailed as exc:
        path.unlink(missing_ok=True)
        return _page(request, staff, assistant, params, errors=str(exc).splitlines(),
                     status_code=400)
    def work(progress: Progress) -> dict[str, Any]:
        progress(0, len(records), path.name)
        report = programmes.write(records)
        # Embedded in the job, not in the first search after it.
        programmes.sync_index()
        progress(len(records), len(records), "")
        return {"summary": f"Imported {path.name}: {report}", "added": len(report.added),
                "updated": len(report.updated), "unchanged": len(report.unchanged)}

    job = job_runner(request).start("programme-import", f"Import of {path.name}", work)
    return RedirectResponse(f"/admin/programmes?job={job.id}", status_code=303)
