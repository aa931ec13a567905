"""Evaluation fixtures: a writable copy of the mini corpus data directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

GOLDEN_MINI = Path(__file__).with_name("golden_mini.yaml")


@pytest.fixture(scope="module")
def eval_data_dir(mini_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Evaluation writes its run history (and the assistant its sessions) into the data dir."""
    target = tmp_path_factory.mktemp("eval") / "data"
    shutil.copytree(mini_data_dir, target)
    return target
