"""The funding finder in `lotse chat` (plain prompts: the choices printed to type) and in
`lotse ask` (one question: no questions back)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_cli import LOTSE, flat


@pytest.fixture
def data_dir(funding_data_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(funding_data_dir, target)
    return target


def test_chat_asks_with_typed_choices(data_dir: Path) -> None:
    lines = ["Which funding can I get for my project?", "Liberec", "small",
             "export_trade_fairs", "skip", "/quit"]
    done = subprocess.run([LOTSE, "chat", "--data-dir", str(data_dir)],
                          input="".join(f"{line}\n" for line in lines), capture_output=True,
                          text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "en_GB.UTF-8"})
    out = flat(done.stdout)
    assert done.returncode == 0, done.stderr
    assert "Where is your company based?" in out
    assert "[small] Small (fewer than 50)" in out
    assert "[export_trade_fairs] export and trade fairs" in out
    assert "Liberec trade fair bonus" in out and "closes in 12 days" in out


def test_ask_answers_at_once_with_what_the_question_says(data_dir: Path) -> None:
    done = subprocess.run([LOTSE, "ask", "Which funding is there for a trade fair? Our company "
                           "is in Liberec.", "--json", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer.get("guided") is None
    assert answer["programmes"][0]["id"] == "fixture-liberec-fairs"
