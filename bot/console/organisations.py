"""Organisations: search the company database as the assistant does, filter and sort it, view
a record, import a file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from bot.app_state import AssistantDep, SettingsDep
from bot.console.documents import save_import_upload
from bot.console.jobs import Progress, job_runner
from bot.console.web import Staff, StaffAction, render, router
from bot.core.services.organisations import FORMATS, CompanyFilters, ImportFailed

IMPORT_SUFFIXES = FORMATS
PAGE_SIZE = 50
# A search lists at most this many organisations (the assistant's relevance window usually
# ends it sooner); filtering without a question lists every match, page by page.
SEARCH_LIMIT = 100


# Sortable columns: what each sorts by (the relevance order of a search is the default).
SORT_KEYS: dict[str, Any] = {
    "name": lambda o: (o.name or "").casefold(),
    "kind": lambda o: (o.kind, (o.name or "").casefold()),
    "place": lambda o: (o.country, (o.city or "").casefold(), (o.name or "").casefold()),
    "score": lambda o: getattr(o, "score", 0.0),
}


def _filters(params: dict[str, Any]) -> CompanyFilters | None:
    """The form's filters as the organisation search takes them; None when a value is not one
    the search knows (nothing matches then)."""
    from pydantic import ValidationError

    try:
        return CompanyFilters(
            kind=params["kind"] or None, countries=[params["country"]] if params["country"]
            else [], sectors=[params["sector"]] if params["sector"] else [],
            languages=[params["language"]] if params["language"] else [])
    except ValidationError:
        return None


def _page(request: Request, staff: Any, assistant: Any, params: dict[str, Any],
          errors: list[str] | None = None, job_id: str = "", status_code: int = 200
          ) -> Response:
    organisations = assistant.services.organisations
    everything = organisations.all()
    searched = bool(params["q"])
    filters = _filters(params)
    if filters is None:
        found: list[Any] = []
    elif searched:
        # The assistant's search (by meaning, soft constraints from the words, these filters):
        # staff see what the assistant would find, each hit with its reason.
        found = organisations.search(params["q"], filters=filters, limit=SEARCH_LIMIT)
    else:
        found = organisations.matching(filters)
    sort = params["sort"] if params["sort"] in SORT_KEYS else ""
    if sort == "score" and not searched:
        sort = ""
    if sort:
        found = sorted(found, key=SORT_KEYS[sort], reverse=params["order"] == "desc")
    elif searched and params["order"] == "asc":
        found = list(reversed(found))  # relevance, least relevant first
    page = max(1, params["page"])
    job = job_runner(request).get(job_id) if job_id else job_runner(request).running("import")
    applied = {k: params[k] for k in ("q", "kind", "country", "sector", "language")}
    return render(request, "organisations.html", {
        "params": params, "total": len(found),
        "searched": searched, "sort": sort, "filters": applied,
        "organisations": found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], "page": page,
        "pages": max(1, -(-len(found) // PAGE_SIZE)),
        **organisations.facets(everything),
        "errors": errors or [], "job": job.as_dict() if job else None,
        "formats": ", ".join(IMPORT_SUFFIXES)}, status_code=status_code, session=staff)


@router.get("/organisations")
def organisations_page(request: Request, staff: Staff, assistant: AssistantDep, q: str = "",
                       kind: str = "", country: str = "", sector: str = "", language: str = "",
                       page: int = 1, job: str = "", sort: str = "", order: str = ""
                       ) -> Response:
    params = {"q": q.strip()[:500], "kind": kind, "country": country.upper(), "sector": sector,
              "language": language.lower(), "page": page, "sort": sort,
              "order": "desc" if order == "desc" else "asc" if order == "asc" else ""}
    return _page(request, staff, assistant, params, job_id=job)


@router.get("/organisations/{org_id}")
def organisation_page(request: Request, org_id: str, staff: Staff,
                      assistant: AssistantDep) -> Response:
    org = assistant.services.organisations.get(org_id)
    if org is None:
        return render(request, "refused.html", {"reason": "not_found"}, status_code=404,
                      session=staff)
    return render(request, "organisation.html", {"org": org.as_dict()}, session=staff)


@router.post("/organisations/import")
def import_organisations(request: Request, staff: StaffAction, settings: SettingsDep,
                         assistant: AssistantDep,
                         file: Annotated[UploadFile, File()]) -> Response:
    params = {"q": "", "kind": "", "country": "", "sector": "", "language": "", "page": 1,
              "sort": "", "order": ""}
    organisations = assistant.services.organisations
    path, refused = save_import_upload(settings, file, "organisations", IMPORT_SUFFIXES)
    if path is None:
        return _page(request, staff, assistant, params, status_code=400, errors=[refused])
    try:
        # Validation is quick and all-or-nothing: the same report as `lotse companies import`.
        records = organisations.check_file(path)
    except ImportFailed as exc:
        path.unlink(missing_ok=True)
        lines = str(exc).splitlines()
        return _page(request, staff, assistant, params, errors=lines, status_code=400)

    def work(progress: Progress) -> dict[str, Any]:
        progress(0, len(records), path.name)
        report = organisations.write(records)
        progress(len(records), len(records), "")
        return {"summary": f"Imported {path.name}: {report}", "added": len(report.added),
                "updated": len(report.updated), "unchanged": len(report.unchanged)}

    job = job_runner(request).start("import", f"Import of {path.name}", work)
    return RedirectResponse(f"/admin/organisations?job={job.id}", status_code=303)
