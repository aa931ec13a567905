"""`lotse eval ...`: golden-set answer evaluation and BEIR retrieval evaluation."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from knowledge.settings import get_settings

app = typer.Typer(no_args_is_help=True)
# soft_wrap: ids, paths and reasons stay on one line for grep and copy.
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", help="Data directory (overrides LOTSE_DATA_DIR).", show_default=False)]

# Short headers keep the id column whole in an 80-column terminal.
_SHORT = {"answered": "ans", "language": "lang", "sources": "src", "companies": "orgs",
          "phrases": "text"}
_MARK = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[dim]–[/]"}


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(code)


@app.command()
def answers(
    golden_file: Annotated[Path, typer.Argument(help="Golden set (YAML list of questions).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the run as JSON.")] = False,
    min_pass: Annotated[float | None, typer.Option(
        "--min-pass", min=0.0, max=1.0,
        help="Exit with status 1 when the pass rate (0..1) is below this.")] = None,
    save: Annotated[bool, typer.Option(help="Save the run under <data dir>/eval/.")] = True,
    data_dir: DataDir = None,
) -> None:
    """Ask every golden question and check answered, language, sources, companies, phrases."""
    from bot.assistant import Assistant
    from bot.evaluation.golden import GoldenFormatError, evaluate_golden_file
    from knowledge.vectorstore import EmbedderMismatch

    settings = get_settings(data_dir)
    try:
        assistant = Assistant(settings)
    except EmbedderMismatch as exc:
        _fail(str(exc))
    if assistant.retriever.index.count() == 0:
        err.print(f"[yellow]Warning:[/] {settings.data_dir} holds no documents; every question "
                  "that needs one will fail. Run `lotse bootstrap` or `lotse ingest` first.")
    try:
        with err.status("Asking the golden questions…") if not as_json else nullcontext():
            run = evaluate_golden_file(assistant, golden_file, settings.data_dir, save=save)
    except GoldenFormatError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(run.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_run(run)
    if min_pass is not None and run.pass_rate < min_pass:
        err.print(f"[bold red]Pass rate {run.pass_rate:.1%} is below --min-pass "
                  f"{min_pass:.1%}.[/]")
        raise typer.Exit(1)


def _print_run(run) -> None:  # type: ignore[no-untyped-def]
    from bot.evaluation.golden import CHECKS

    table = Table(title=f"Golden set: {Path(run.golden_file).name}")
    table.add_column("id", no_wrap=True)
    table.add_column("lang")
    for name in CHECKS:
        table.add_column(_SHORT[name], justify="center")
    table.add_column("result")
    for r in run.results:
        table.add_row(r.id, r.language, *(_MARK[r.checks[name]] for name in CHECKS),
                      "[green]pass[/]" if r.passed else "[red]FAIL[/]")
    console.print(table)
    failing = [r for r in run.results if not r.passed]
    if failing:
        console.print("[bold]Why questions failed:[/]")
        for r in failing:
            console.print(f"  {r.id}: {'; '.join(r.failures)}", markup=False, highlight=False)
    totals = Table(title="Totals", show_header=True)
    totals.add_column("language")
    totals.add_column("passed", justify="right")
    totals.add_column("pass rate", justify="right")
    totals.add_column("p50 ms", justify="right")
    totals.add_column("p95 ms", justify="right")
    for lang, summary in [*run.by_language.items(), ("all", run.totals)]:
        totals.add_row(lang, f"{summary['passed']}/{summary['questions']}",
                       f"{summary['pass_rate']:.1%}", str(summary["latency_p50_ms"]),
                       str(summary["latency_p95_ms"]))
    console.print(totals)
    if run.diff is None:
        console.print("[dim]No previous run of this golden set to compare with.[/]")
    else:
        d = run.diff
        console.print(f"Compared with the run of {d.previous_run}: pass rate "
                      f"{d.previous_pass_rate:.1%} → {run.pass_rate:.1%} "
                      f"({d.pass_rate_change:+.1%})", highlight=False)
        for label, ids in (("now passing", d.newly_passing), ("now failing", d.newly_failing),
                           ("new", d.new_questions), ("dropped", d.dropped_questions)):
            if ids:
                console.print(f"  {label}: {', '.join(ids)}", highlight=False)
    if run.saved_as:
        console.print(f"[dim]Saved as {run.saved_as}[/]", highlight=False)


@app.command()
def retrieval(
    beir: Annotated[Path, typer.Option("--beir", help="Folder in the BEIR layout "
                                       "(corpus.jsonl, queries.jsonl, qrels/test.tsv).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    per_query: Annotated[bool, typer.Option(help="Include every query's ranking in --json.")]
    = False,
    data_dir: DataDir = None,
) -> None:
    """Recall@1/5/10, MRR@10, nDCG@10 and query latency, ingesting the corpus into a temp store."""
    from bot.evaluation.beir import BeirFormatError, evaluate_retrieval

    settings = get_settings(data_dir)
    try:
        with err.status("Ingesting the corpus and running the queries…") if not as_json \
                else nullcontext():
            report = evaluate_retrieval(beir, settings)
    except BeirFormatError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(with_queries=per_query), indent=2) + "\n")
        return
    table = Table(title=f"Retrieval: {beir}", show_header=False)
    rows = [("documents", report.documents), ("chunks", report.chunks),
            ("queries", report.queries), ("recall@1", f"{report.recall_at_1:.3f}"),
            ("recall@5", f"{report.recall_at_5:.3f}"), ("recall@10", f"{report.recall_at_10:.3f}"),
            ("MRR@10", f"{report.mrr_at_10:.3f}"), ("nDCG@10", f"{report.ndcg_at_10:.3f}"),
            ("latency p50", f"{report.latency_p50_ms:.1f} ms"),
            ("latency p95", f"{report.latency_p95_ms:.1f} ms"),
            ("hybrid (BM25)", str(report.hybrid)), ("embedder", report.embedder)]
    for key, value in rows:
        table.add_row(key, str(value))
    console.print(table)
