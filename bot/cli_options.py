"""What the `lotse` sub-command modules (companies, programmes) share: the consoles, the
`--data-dir` and `--json` options, the services of the chosen data directory, and the one way
a command fails."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from knowledge.settings import get_settings

if TYPE_CHECKING:
    from bot.core.services import Services

console = Console()
# soft_wrap: messages name paths and rows; wrapping them at 80 columns breaks copy and grep.
err = Console(stderr=True, soft_wrap=True)

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", help="Data directory (overrides LOTSE_DATA_DIR).", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def services_for(data_dir: Path | None) -> Services:
    """The core services over the data directory given (or LOTSE_DATA_DIR); stores open when
    a command first needs them."""
    from bot.core.services import Services

    return Services(get_settings(data_dir))


def fail(message: str) -> NoReturn:
    err.print(f"[bold red]Error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(1)
