"""`lotse companies ...`: import, export, search and match organisations (issue 3)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)
