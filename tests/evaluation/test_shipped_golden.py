"""The shipped golden set: well-formed, in four languages, pointing at data that exists; and,
on a bootstrapped data directory, passing at the shipped threshold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.evaluation.golden import SHIPPED_GOLDEN, SHIPPED_MIN_PASS, load_golden
from ingestion.readers import read_document
from tests.conftest import CORPUS_DIR, DEMO_FILE

LOTSE = str(Path(sys.executable).with_name("lotse"))
QUESTIONS = load_golden(SHIPPED_GOLDEN)


def test_at_least_sixty_questions_in_four_languages() -> None:
    assert len(QUESTIONS) >= 60
    per_language = Counter(q.language for q in QUESTIONS)
    assert set(per_language) == {"de", "en", "pl", "cs"}
    assert min(per_language.values()) >= 12


def test_off_topic_questions_in_every_language_must_not_be_answered() -> None:
    off_topic = [q for q in QUESTIONS if not q.expect_answered]
    assert {q.language for q in off_topic} == {"de", "en", "pl", "cs"}
    ids = " ".join(q.id for q in off_topic)
    for theme in ("wetter", "weather", "pogoda", "pocasi", "poem", "wiersz", "basen",
                  "rezept", "przepis", "recept", "fussball", "football", "pilka", "fotbal"):
        assert theme in ids, theme
    assert all(not (q.expect_sources or q.expect_companies or q.must_contain)
               for q in off_topic)


def test_expected_sources_name_bundled_documents() -> None:
    documents = [f"{path}\n{read_document(path).title}".casefold()
                 for path in sorted(CORPUS_DIR.rglob("*.md")) if path.name != "README.md"]
    for q in QUESTIONS:
        for wanted in q.expect_sources:
            assert any(wanted.casefold() in doc for doc in documents), (q.id, wanted)


def test_expected_companies_are_demo_records() -> None:
    if not DEMO_FILE.exists():
        pytest.skip(f"{DEMO_FILE} is not there yet")
    ids = {json.loads(line)["id"] for line in DEMO_FILE.read_text(encoding="utf-8").splitlines()
           if line.strip()}
    wanted = {cid for q in QUESTIONS for cid in q.expect_companies}
    assert len(wanted) >= 10
    assert wanted <= ids, wanted - ids


def _gate(question_set: Path, min_pass: float, bundled_data_dir: Path) -> dict:
    """`lotse eval answers` on the set at its threshold; the run, asserted to pass."""
    # LOTSE_GOLDEN_DATA_DIR points the check at another bootstrapped data dir (a deployment's).
    data_dir = os.environ.get("LOTSE_GOLDEN_DATA_DIR") or str(bundled_data_dir)
    proc = subprocess.run([LOTSE, "eval", "answers", str(question_set), "--json", "--no-save",
                           "--min-pass", str(min_pass), "--data-dir", data_dir],
                          capture_output=True, text=True, timeout=1800,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    run = json.loads(proc.stdout)
    failing = {r["id"]: r["failures"] for r in run["results"] if not r["passed"]}
    assert proc.returncode == 0, (run["totals"]["pass_rate"], failing)
    return run


def test_the_shipped_set_passes_at_the_shipped_threshold(bundled_data_dir: Path) -> None:
    _gate(SHIPPED_GOLDEN, SHIPPED_MIN_PASS, bundled_data_dir)


# The development set (knowledge/golden/README.md) runs on the same bootstrapped data at a gate of
# its own: below the 0.895 it reached on 1 December 2026, so that a change which trades dev
# questions for others fails here, not only in `make eval`. The held-out test set is never gated.
DEV_SET = SHIPPED_GOLDEN.with_name("dev.yaml")
DEV_MIN_PASS = 0.85


def test_the_development_set_passes_at_its_threshold(bundled_data_dir: Path) -> None:
    run = _gate(DEV_SET, DEV_MIN_PASS, bundled_data_dir)
    assert run["totals"]["questions"] >= 150
