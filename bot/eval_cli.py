"""`lotse eval ...`: golden-set answer evaluation and BEIR retrieval evaluation."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from knowledge.settings import get_settings

if TYPE_CHECKING:
    from bot.evaluation.golden import GoldenRun

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
    golden_files: Annotated[list[Path], typer.Argument(
        help="Golden sets (YAML lists of questions); each is run and reported on its own.")],
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the run as JSON (a list of runs when several files are given).")]
    = False,
    min_pass: Annotated[float | None, typer.Option(
        "--min-pass", min=0.0, max=1.0,
        help="Exit with status 1 when the pass rate (0..1) of any file is below this.")] = None,
    save: Annotated[bool, typer.Option(help="Save the run under <data dir>/eval/.")] = True,
    data_dir: DataDir = None,
) -> None:
    """Ask every golden question and check answered, language, sources, companies, phrases."""
    from bot.core.assistant import Assistant
    from bot.core.services.knowledge_admin import EmbedderMismatch
    from bot.evaluation.golden import GoldenFormatError, evaluate_golden_file, load_golden

    # Every file is checked before the first question is asked: a typo in the last file
    # should not surface only after minutes of asking the first one.
    problems: list[str] = []
    for golden_file in golden_files:
        try:
            load_golden(golden_file)
        except GoldenFormatError as exc:
            problems.append(str(exc))
    if problems:
        _fail("\n".join(problems))
    settings = get_settings(data_dir)
    try:
        assistant = Assistant(settings)
    except EmbedderMismatch as exc:
        _fail(str(exc))
    if assistant.services.knowledge.passages() == 0:
        err.print(f"[yellow]Warning:[/] {settings.data_dir} holds no documents; every question "
                  "that needs one will fail. Run `lotse bootstrap` or `lotse ingest` first.")
    runs = []
    for golden_file in golden_files:
        with err.status(f"Asking the golden questions of {golden_file.name}…") if not as_json \
                else nullcontext():
            runs.append(evaluate_golden_file(assistant, golden_file, settings.data_dir,
                                             save=save))
        if not as_json:
            _print_run(runs[-1])
    if as_json:
        # One file prints one run object, as before; several print a list of them.
        payload = runs[0].as_dict() if len(runs) == 1 else [run.as_dict() for run in runs]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif len(runs) > 1:
        _print_overview(runs)
    below = [run for run in runs if min_pass is not None and run.pass_rate < min_pass]
    for run in below:
        err.print(f"[bold red]{Path(run.golden_file).name}: pass rate {run.pass_rate:.1%} is "
                  f"below --min-pass {min_pass:.1%}.[/]")
    if below:
        raise typer.Exit(1)


def _top3(summary: dict[str, Any]) -> str:
    share = summary.get("companies_top3")
    if share is None:
        return "–"
    return f"{share:.1%} of {summary.get('companies_top3_questions', 0)}"


def _print_overview(runs: list[GoldenRun]) -> None:
    table = Table(title="All golden sets")
    table.add_column("file", no_wrap=True)
    for name in ("passed", "pass rate", "orgs top 3"):
        table.add_column(name, justify="right")
    for run in runs:
        table.add_row(Path(run.golden_file).name,
                      f"{run.totals['passed']}/{run.totals['questions']}",
                      f"{run.pass_rate:.1%}", _top3(run.totals))
    console.print(table)


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
    totals = Table(title=f"Totals: {Path(run.golden_file).name}", show_header=True)
    totals.add_column("language")
    totals.add_column("passed", justify="right")
    totals.add_column("pass rate", justify="right")
    totals.add_column("orgs top 3", justify="right")
    totals.add_column("p50 ms", justify="right")
    totals.add_column("p95 ms", justify="right")
    for lang, summary in [*run.by_language.items(), ("all", run.totals)]:
        totals.add_row(lang, f"{summary['passed']}/{summary['questions']}",
                       f"{summary['pass_rate']:.1%}", _top3(summary),
                       str(summary["latency_p50_ms"]), str(summary["latency_p95_ms"]))
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
    beir: Annotated[list[Path], typer.Option(
        "--beir", help="Folder in the BEIR layout (corpus.jsonl, queries.jsonl, qrels/test.tsv),"
        " or a folder of such folders; repeatable. Folders with the same corpus.jsonl share one "
        "ingestion.")],
    mode: Annotated[str, typer.Option(
        "--mode", help="hybrid: Lotse's search as configured by default (dense + BM25); dense: "
        "the same without BM25; plain: the embedder alone on whole documents (cosine).")]
    = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON (an "
                                          "object for one folder, a list for several).")] = False,
    per_query: Annotated[bool, typer.Option(help="Include every query's ranking in --json.")]
    = False,
    data_dir: DataDir = None,
) -> None:
    """Recall@1/5/10, MRR@10, nDCG@10 and query latency, ingesting the corpus into a temp store."""
    from bot.evaluation.beir import MODES, BeirFormatError, beir_folders, evaluate_retrievals

    if mode not in MODES:
        _fail(f"--mode must be one of {', '.join(MODES)}, not '{mode}'.")
    settings = get_settings(data_dir)
    try:
        folders = beir_folders(beir)
        with err.status("Loading the data sets…") if not as_json else nullcontext() as status:
            def show(folder: Path, stage: str, done: int, total: int) -> None:
                if status is not None:
                    status.update(f"{folder.name}: {stage} {done}/{total}")

            reports = evaluate_retrievals(folders, settings, mode=mode,  # type: ignore[arg-type]
                                          progress=show)
    except BeirFormatError as exc:
        _fail(str(exc))
    if as_json:
        data = [r.as_dict(with_queries=per_query) for r in reports]
        sys.stdout.write(json.dumps(data[0] if len(data) == 1 else data, indent=2) + "\n")
        return
    if len(reports) > 1:
        _print_retrieval_table(reports)
        return
    report = reports[0]
    table = Table(title=f"Retrieval: {report.dataset}", show_header=False)
    rows = [("documents", report.documents), ("chunks", report.chunks),
            ("queries", report.queries), ("recall@1", f"{report.recall_at_1:.3f}"),
            ("recall@5", f"{report.recall_at_5:.3f}"), ("recall@10", f"{report.recall_at_10:.3f}"),
            ("MRR@10", f"{report.mrr_at_10:.3f}"), ("nDCG@10", f"{report.ndcg_at_10:.3f}"),
            ("latency p50", f"{report.latency_p50_ms:.1f} ms"),
            ("latency p95", f"{report.latency_p95_ms:.1f} ms"),
            ("mode", report.mode), ("embedder", report.embedder)]
    for key, value in rows:
        table.add_row(key, str(value))
    console.print(table)


def _print_retrieval_table(reports) -> None:  # type: ignore[no-untyped-def]
    """One row per data set and their unweighted mean (each folder counts once)."""
    columns = ("recall_at_1", "recall_at_5", "recall_at_10", "mrr_at_10", "ndcg_at_10")
    table = Table(title=f"Retrieval ({reports[0].mode}, {reports[0].embedder})")
    table.add_column("data set", no_wrap=True)
    table.add_column("queries", justify="right")
    for header in ("R@1", "R@5", "R@10", "MRR@10", "nDCG@10", "p50 ms", "p95 ms"):
        table.add_column(header, justify="right")
    for r in reports:
        table.add_row(Path(r.dataset).name, str(r.queries),
                      *(f"{getattr(r, c):.3f}" for c in columns),
                      f"{r.latency_p50_ms:.1f}", f"{r.latency_p95_ms:.1f}")
    table.add_row("mean", str(sum(r.queries for r in reports)),
                  *(f"{sum(getattr(r, c) for r in reports) / len(reports):.3f}"
                    for c in columns), "", "")
    console.print(table)
