"""`lotse programmes ...`: import, export and list the funding catalogue (issue 14)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bot.cli_options import AsJson, DataDir, console, fail, services_for
from bot.funding.cli import sme_check

programmes_app = typer.Typer(no_args_is_help=True)


@programmes_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV (UTF-8), XLSX, JSON or JSONL file.")],
    replace: Annotated[bool, typer.Option(
        "--replace", help="Also remove the programmes the file does not name.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Import programmes; a file with any error changes nothing (errors by row and column)."""
    from bot.core.services.programmes import ImportFailed

    programmes = services_for(data_dir).programmes
    try:
        report = programmes.import_file(file, replace=replace)
    except ImportFailed as exc:
        fail(str(exc))
    # Embedded now rather than at the first question that searches the catalogue.
    with console.status("Indexing programmes…"):
        embedded = programmes.sync_index()
    console.print(f"Imported {file.name}: {report} ({embedded} embedded)", highlight=False)


@programmes_app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="Target file; the format follows the suffix "
                                             "(.csv, .xlsx, .json, .jsonl).")],
    data_dir: DataDir = None,
) -> None:
    """Export the catalogue in the import format (export -> import round-trips)."""
    try:
        count = services_for(data_dir).programmes.export_file(file)
    except ValueError as exc:
        fail(str(exc))
    console.print(f"Exported {count} programmes to {file}", highlight=False)


@programmes_app.command("list")
def list_command(
    query: Annotated[str, typer.Argument(help="Optional: what the money is for, in any "
                                              "language (ranks by meaning).")] = "",
    country: Annotated[str | None, typer.Option(
        "--country", help="Only programmes open to this country (ISO code, e.g. CZ).")] = None,
    purpose: Annotated[str | None, typer.Option(
        "--purpose", help="Only this purpose, e.g. export_trade_fairs.")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="grant, loan, guarantee, voucher, advice or event.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many with a query.")] = 10,
    lang: Annotated[str, typer.Option("--lang", help="Language of the names shown.")] = "en",
    as_json: AsJson = False,
    data_dir: DataDir = None,
) -> None:
    """List the catalogue, filtered, or ranked by meaning when a query is given."""
    from knowledge.programmes.records import to_row

    rows = services_for(data_dir).programmes.listing(
        query, country=country or "", purpose=purpose or "", kind=kind or "")
    if query.strip():
        rows = rows[:limit]
    if as_json:
        out = [to_row(r) | ({"score": round(s, 4)} if s is not None else {}) for r, s in rows]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        console.print("No programme matches.")
        return
    table = Table()
    for column in ("score", "id", "name", "funder", "kind", "where", "until", "checked"):
        table.add_column(column, overflow="fold")
    for r, score in rows:
        until = "rolling" if r.rolling else (r.closes_on.isoformat() if r.closes_on else "")
        table.add_row("" if score is None else f"{score:.3f}", r.id,
                      r.name(lang) + (" (demo)" if r.demo else ""), r.funder, r.kind,
                      ",".join(r.regions or r.countries), until, r.checked_on.isoformat())
    console.print(table)


# The EU SME check lives with the funding conversation (bot/funding/cli.py).
programmes_app.command("sme-check")(sme_check)
