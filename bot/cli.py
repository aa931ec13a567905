"""`lotse`: a thin command-line face over the library (docs/ARCHITECTURE.md; the commands are
documented in docs/USAGE.md)."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from knowledge.settings import Settings, get_settings

if TYPE_CHECKING:
    from bot.core.services import Services

app = typer.Typer(help="Lotse: multilingual assistant for SME support.", no_args_is_help=True,
                  add_completion=False)
console = Console()
# soft_wrap: messages name paths and rows; wrapping them at 80 columns breaks copy and grep.
err = Console(stderr=True, soft_wrap=True)

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", help="Data directory (overrides LOTSE_DATA_DIR).", show_default=False)]

BUNDLED_CORPUS = Path(__file__).resolve().parents[1] / "knowledge" / "corpus"
BUNDLED_DEMO = Path(__file__).resolve().parents[1] / "knowledge" / "demo" / "organisations.jsonl"
BUNDLED_PROGRAMMES = (Path(__file__).resolve().parents[1] / "knowledge" / "programmes"
                      / "catalogue.jsonl")


def settings_for(data_dir: Path | None) -> Settings:
    return get_settings(data_dir)


def _fail(message: str) -> None:
    err.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(1)


def _progress_lines(what: str):  # type: ignore[no-untyped-def]
    """A progress callback that prints "Ingesting 3/24 (12 s): name" once per item."""
    started = time.monotonic()
    last: list[tuple[int, str]] = []

    def progress(done: int, total: int, current: str) -> None:
        if not current or last == [(done, current)]:
            return
        last[:] = [(done, current)]
        err.print(f"{what} {done + 1}/{total} ({time.monotonic() - started:.0f} s): "
                  f"{Path(current).name}", markup=False, highlight=False)

    return progress


@contextmanager
def _step(message: str, quiet: bool = False) -> Iterator[None]:
    """A slow step: a spinner on a terminal; elsewhere a line when it starts and one when it
    ends, with its duration (nothing when `quiet`)."""
    if quiet:
        yield
        return
    if err.is_terminal:
        with err.status(message):
            yield
        return
    started = time.monotonic()
    err.print(message, markup=False, highlight=False)
    yield
    err.print(f"{message.rstrip('…. ')}: done in {time.monotonic() - started:.0f} s",
              markup=False, highlight=False)


def run_ingest(settings: Settings, paths: list[Path], prune: bool = False,
               rebuild: bool = False, quiet: bool = False) -> dict[str, int]:
    from bot.core.services import Services
    from bot.core.services.knowledge_admin import EmbedderMismatch

    try:
        # With --rebuild an index built by another embedder is dropped and built afresh.
        ingestor = Services(settings).knowledge.ingestor(rebuild=rebuild)
    except EmbedderMismatch as exc:
        _fail(str(exc))
    if not quiet and not err.is_terminal:
        # A log (make run | tee, a container, CI) gets a line per file instead of a bar that
        # rich would only draw on a terminal, so minutes of work are not minutes of silence.
        report = ingestor.ingest(paths, prune=prune, progress=_progress_lines("Ingesting"))
    else:
        with Progress(TextColumn("[bold]Ingesting[/]"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), TextColumn("{task.description}"), console=err,
                      disable=quiet, transient=True) as bar:
            task = bar.add_task("", total=None)

            def progress(done: int, total: int, current: str) -> None:
                bar.update(task, completed=done, total=total, description=Path(current).name)

            report = ingestor.ingest(paths, prune=prune, progress=progress)
    counts = report.counts()
    if not quiet:
        summary = Table(title="Ingestion summary", show_header=False)
        for key in ("added", "updated", "unchanged", "removed", "failed", "chunks_written"):
            summary.add_row(key.replace("_", " "), str(counts[key]))
        console.print(summary)
    for failure in report.failed:
        err.print(f"[yellow]skipped[/] {failure.path}: {failure.reason}")
    return counts


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    prune: Annotated[bool, typer.Option(help="Remove documents whose files are gone.")] = False,
    rebuild: Annotated[bool, typer.Option(
        help="Drop the index first (needed after changing the embedder).")] = False,
    data_dir: DataDir = None,
) -> None:
    """Ingest .md, .txt, .html, .pdf and .docx files (incremental by content hash)."""
    counts = run_ingest(settings_for(data_dir), paths, prune=prune, rebuild=rebuild)
    if counts["failed"] and not (counts["added"] or counts["updated"] or counts["unchanged"]):
        raise typer.Exit(1)


def _assistant(settings: Settings):  # type: ignore[no-untyped-def]
    from bot.core.assistant import Assistant
    from bot.core.services.knowledge_admin import EmbedderMismatch

    try:
        return Assistant(settings)
    except EmbedderMismatch as exc:
        _fail(str(exc))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Answer language (de, en, pl, cs).")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer object.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Ask one question."""
    # One question, no conversation to go on with: the funding finder asks nothing back.
    result = _assistant(settings_for(data_dir)).ask(question, language=lang, channel="cli",
                                                    guided=False)
    if as_json:
        sys.stdout.write(result.answer.model_dump_json(indent=2) + "\n")
        return
    _print_answer(result.answer)


def _print_answer(answer) -> None:  # type: ignore[no-untyped-def]
    console.print(answer.answer, markup=False, highlight=False)
    if answer.guided is not None:
        # The funding finder's choices: type the word in brackets, or answer in your words.
        for choice in answer.guided.choices:
            console.print(f"  [{choice.value}] {choice.label}", markup=False, highlight=False)
    if answer.sources:
        console.print()
        for n, s in enumerate(answer.sources, 1):
            console.print(f"[dim][{n}] {s.title} — {s.source}[/]", highlight=False)


@app.command()
def chat(
    lang: Annotated[str | None, typer.Option("--lang", help="Answer language.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Interactive chat in the terminal (/help lists its commands; /quit or Ctrl-D ends it)."""
    from bot.terminal_chat import TerminalChat, locale_language

    assistant = _assistant(settings_for(data_dir))
    TerminalChat(assistant, console, _print_answer, answer_language=lang,
                 interface_language=locale_language() or "en").run()


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
) -> None:
    """Documents, chunks, languages and embedder of the index."""
    from bot.core.services import Services

    settings = settings_for(data_dir)
    services = Services(settings)
    index = services.knowledge.status()
    embedders = index["embedders"]
    info = {"data_dir": str(settings.data_dir), "documents": index["documents"],
            "chunks": index["chunks"], "languages": index["languages"],
            "embedder": embedders[0] if embedders else None,
            "configured_embedder": settings.embeddings,
            "organisations": services.organisations.count(),
            "programmes": services.programmes.count()}
    if as_json:
        sys.stdout.write(json.dumps(info, indent=2) + "\n")
        return
    console.print(status_text(info), markup=False, highlight=False)


# Counted nouns of the (English) status output, through the plural rules of bot.i18n.
_STATUS_NOUNS = {noun: {"en": {"one": noun, "other": f"{noun}s"}}
                 for noun in ("document", "passage", "organisation")}


def status_text(info: dict[str, Any]) -> str:
    """`lotse status` for people: one labelled line per fact (`--json` is for scripts)."""
    from bot.i18n import counted

    def noun(count: int, singular: str) -> str:
        return counted(count, singular, "en", _STATUS_NOUNS)

    languages = ", ".join(f"{code or 'unknown'} {n}" for code, n in
                          sorted(info["languages"].items(), key=lambda kv: (-kv[1], kv[0] or "")))
    embedder = info["embedder"] or "none yet (nothing ingested)"
    lines = [
        f"Data directory: {info['data_dir']}",
        f"Documents:      {noun(info['documents'], 'document')} in "
        f"{noun(info['chunks'], 'passage')}",
        f"Languages:      {languages or '-'}",
        f"Index built by: {embedder}",
        f"Embeddings:     {info['configured_embedder']} (configured, LOTSE_EMBEDDINGS)",
        f"Organisations:  {noun(info['organisations'], 'organisation')}",
    ]
    return "\n".join(lines)


def _as_given(path: Path) -> Path:
    """`path` relative to the working directory when it lies below it: sources are shown to
    users as ingested, and "knowledge/corpus/faq/faq-de.md" does not reveal the server's
    folders the way an absolute path does."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


@app.command()
def bootstrap(
    data_dir: DataDir = None,
    quiet: Annotated[bool, typer.Option(help="Print only what changed.")] = False,
) -> None:
    """Ingest the bundled knowledge and import the demo organisations where missing or stale."""
    settings = settings_for(data_dir)
    _apply_retention(settings)
    counts = run_ingest(settings, [_as_given(BUNDLED_CORPUS)], prune=True, quiet=quiet)
    if quiet and (counts["added"] or counts["updated"] or counts["removed"]):
        console.print("Bundled knowledge: " + ", ".join(
            f"{key.replace('_', ' ')} {value}" for key, value in counts.items()))
    from bot.core.services import Services

    services = Services(settings)
    organisations = services.organisations
    if organisations.count() == 0 and BUNDLED_DEMO.exists():
        with _step("Importing demo organisations…", quiet):
            report = organisations.import_file(BUNDLED_DEMO)
        console.print(f"Imported demo organisations: {report}")
    _bootstrap_programmes(services)
    # The example-question and trade-label vectors go into the data dir now (once per
    # embedder and data version), not into the time of the first answer.
    with _step("Preparing query understanding…", quiet):
        organisations.warm()


def _bootstrap_programmes(services: Services) -> None:
    """The bundled funding catalogue when the catalogue is empty (an agency's own catalogue is
    never overwritten), and its vectors wherever they are missing or stale."""
    programmes = services.programmes
    if programmes.count() == 0 and BUNDLED_PROGRAMMES.exists():
        report = programmes.import_file(BUNDLED_PROGRAMMES)
        console.print(f"Imported the bundled programme catalogue: {report}")
    with _step("Indexing programmes…"):
        programmes.sync_index()


def _apply_retention(settings: Settings) -> None:
    from bot.core.services import Services

    purged = Services(settings).conversations.purge_expired(
        settings.retention_days, settings.contact_retention_days)
    if purged.conversations or purged.contact_requests:
        console.print(f"Deleted {purged.conversations} conversations and "
                      f"{purged.contact_requests} advisor requests past their retention "
                      "(LOTSE_RETENTION_DAYS, LOTSE_CONTACT_RETENTION_DAYS).")


@app.command()
def purge(data_dir: DataDir = None) -> None:
    """Apply the retention now: delete conversations and advisor requests older than
    LOTSE_RETENTION_DAYS / LOTSE_CONTACT_RETENTION_DAYS (`serve` and `bootstrap` do it too)."""
    settings = settings_for(data_dir)
    _apply_retention(settings)
    console.print("Retention applied.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (LOTSE_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (LOTSE_PORT).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Web API, chat widget, demo page and staff console; the Telegram bot too when configured."""
    from bot.settings import get_app_settings
    from bot.web.server import serve as run_server

    run_server(get_app_settings(data_dir), host=host, port=port)


@app.command()
def telegram(data_dir: DataDir = None) -> None:
    """The Telegram bot alone (long polling, or webhook when TELEGRAM_WEBHOOK_URL is set)."""
    from bot.settings import get_app_settings

    settings = get_app_settings(data_dir)
    if not settings.telegram_bot_token:
        _fail("TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and put its token "
              "into .env (see .env.example).")
    from bot.telegram.entrypoints import run_polling

    run_polling(settings)


def _register_subcommands() -> None:
    from bot.companies_cli import app as companies_app
    from bot.eval_cli import app as eval_app

    app.add_typer(companies_app, name="companies",
                  help="Organisations: import, export, search, match.")
    app.add_typer(eval_app, name="eval", help="Evaluate answers and retrieval.")
    from bot.programmes_cli import programmes_app

    app.add_typer(programmes_app, name="programmes",
                  help="Funding programmes: import, export, list.")


_register_subcommands()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
