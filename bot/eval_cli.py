"""`lotse eval ...`: golden-set answer evaluation and BEIR retrieval evaluation (issue 7)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)
