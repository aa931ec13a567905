"""`lotse companies ...`: import, export, search and match organisations (issue 3)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from knowledge.settings import Settings, get_settings

app = typer.Typer(no_args_is_help=True)
console = Console()
err = Console(stderr=True, soft_wrap=True)

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", help="Data directory (overrides LOTSE_DATA_DIR).", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _settings(data_dir: Path | None) -> Settings:
    return get_settings(data_dir)


def _fail(message: str) -> None:
    err.print(f"[bold red]Error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(1)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV (UTF-8), XLSX, JSON or JSONL file.")],
    data_dir: DataDir = None,
) -> None:
    """Import organisations; a file with any error changes nothing (errors by row and column)."""
    from knowledge.companies.importer import ImportFailed, import_file

    try:
        with console.status(f"Importing {file.name}…"):
            report = import_file(_settings(data_dir), file)
    except ImportFailed as exc:
        err.print(f"[bold red]Error:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(1) from None
    console.print(f"Imported {file.name}: {report}", highlight=False)


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="Target file; the format follows the suffix "
                                             "(.csv, .xlsx, .json, .jsonl).")],
    data_dir: DataDir = None,
) -> None:
    """Export every organisation in the import format (export -> import round-trips)."""
    from knowledge.companies.exporter import export_file

    try:
        count = export_file(_settings(data_dir), file)
    except ValueError as exc:
        _fail(str(exc))
    console.print(f"Exported {count} organisations to {file}", highlight=False)


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help="What you look for, in any language.")] = "",
    country: Annotated[list[str] | None, typer.Option(
        "--country", help="ISO country code, e.g. CZ (repeatable).")] = None,
    region: Annotated[list[str] | None, typer.Option("--region", help="Region.")] = None,
    city: Annotated[list[str] | None, typer.Option("--city", help="City.")] = None,
    language: Annotated[list[str] | None, typer.Option(
        "--language", help="Spoken language, ISO 639-1 (repeatable).")] = None,
    sector: Annotated[list[str] | None, typer.Option("--sector", help="Sector.")] = None,
    certification: Annotated[list[str] | None, typer.Option(
        "--certification", help="Certification, e.g. 'ISO 9001'.")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="company, institution or research.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many results.")] = 10,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the query.")] = None,
    as_json: AsJson = False,
    data_dir: DataDir = None,
) -> None:
    """Search organisations by meaning and filters."""
    from pydantic import ValidationError

    from knowledge.companies.search import CompanyFilters, CompanySearch
    from knowledge.language import detect_language
    from knowledge.understanding import QueryAnalysis

    try:
        filters = CompanyFilters(kind=kind, countries=country or [], regions=region or [],
                                 cities=city or [], languages=language or [],
                                 sectors=sector or [], certifications=certification or [])
    except ValidationError as exc:
        _fail("; ".join(f"--{e['loc'][0]}: {e['msg']}" for e in exc.errors()))
    query_lang = lang or (detect_language(query) if query.strip() else None) or "en"
    search = CompanySearch(_settings(data_dir))
    analysis = search.analyser.analyse(query, query_lang) if query.strip() else QueryAnalysis()
    # On the terminal staff search organisations explicitly: always list them.
    analysis.wants_organisations = True
    hits = search.search(query, query_lang, limit=limit, analysis=analysis, filters=filters)
    if as_json:
        rows = [h.to_answer_dict() | {"region": h.region, "sectors": h.sectors,
                                      "reason": h.reason} for h in hits]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not hits:
        console.print("No organisation matches.")
        return
    table = Table(show_lines=False)
    for column in ("score", "id", "name", "kind", "place", "languages", "why"):
        table.add_column(column, overflow="fold")
    for h in hits:
        table.add_row(f"{h.score:.3f}", h.id, h.name + (" (demo)" if h.demo else ""), h.kind,
                      ", ".join(x for x in (h.city, h.country) if x), ",".join(h.languages),
                      h.reason)
    console.print(table)


@app.command("match")
def match_command(
    org_id: Annotated[str, typer.Argument(metavar="ID", help="Organisation id.")],
    limit: Annotated[int, typer.Option("--limit", help="Matches per direction.")] = 5,
    as_json: AsJson = False,
    data_dir: DataDir = None,
) -> None:
    """Who offers what ID seeks, and who seeks what ID offers (cross-border first)."""
    from knowledge.companies.matching import OrganisationMatcher, UnknownOrganisation

    try:
        matches = OrganisationMatcher(_settings(data_dir)).match(org_id, limit=limit)
    except UnknownOrganisation as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps([m.to_dict() for m in matches], ensure_ascii=False,
                                    indent=2) + "\n")
        return
    titles = {"offers_what_you_seek": f"Offer what {org_id} seeks",
              "seeks_what_you_offer": f"Seek what {org_id} offers"}
    for direction, title in titles.items():
        rows = [m for m in matches if m.direction == direction]
        if not rows:
            continue
        table = Table(title=title)
        for column in ("score", "id", "name", "place", "why"):
            table.add_column(column, overflow="fold")
        for m in rows:
            h = m.hit
            table.add_row(f"{h.score:.3f}", h.id, h.name, ", ".join(x for x in (h.city, h.country)
                                                                    if x), h.reason)
        console.print(table)
