"""`lotse companies ...`: import, export, search and match organisations (issue 3)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bot.cli_options import AsJson, DataDir, console, fail, services_for

app = typer.Typer(no_args_is_help=True)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV (UTF-8), XLSX, JSON or JSONL file.")],
    data_dir: DataDir = None,
) -> None:
    """Import organisations; a file with any error changes nothing (errors by row and column)."""
    from bot.core.services.organisations import ImportFailed

    try:
        with console.status(f"Importing {file.name}…"):
            report = services_for(data_dir).organisations.import_file(file)
    except ImportFailed as exc:
        fail(str(exc))
    console.print(f"Imported {file.name}: {report}", highlight=False)


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="Target file; the format follows the suffix "
                                             "(.csv, .xlsx, .json, .jsonl).")],
    data_dir: DataDir = None,
) -> None:
    """Export every organisation in the import format (export -> import round-trips)."""
    try:
        count = services_for(data_dir).organisations.export_file(file)
    except ValueError as exc:
        fail(str(exc))
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

    from bot.core.services.organisations import CompanyFilters

    try:
        filters = CompanyFilters(kind=kind, countries=country or [], regions=region or [],
                                 cities=city or [], languages=language or [],
                                 sectors=sector or [], certifications=certification or [])
    except ValidationError as exc:
        fail("; ".join(f"--{e['loc'][0]}: {e['msg']}" for e in exc.errors()))
    # As the assistant searches, but listing organisations whatever the words' intent.
    hits = services_for(data_dir).organisations.search(query, filters=filters, limit=limit,
                                                       lang=lang)
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
    from bot.core.services.organisations import UnknownOrganisation

    try:
        matches = services_for(data_dir).organisations.match(org_id, limit=limit)
    except UnknownOrganisation as exc:
        fail(str(exc))
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
