"""The development and held-out test sets (knowledge/golden/README.md): well-formed, in four
languages, pointing at data that exists; the development set also passes at its threshold on
a bootstrapped data dir. The test set is only checked for form here: it is run to report
(`make eval`), never as a gate that code could be tuned against."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.evaluation.golden import GoldenQuestion, load_golden
from ingestion.readers import read_document
from tests.conftest import CORPUS_DIR, DEMO_FILE

GOLDEN_DIR = DEMO_FILE.parents[1] / "golden"
DEV_SET = GOLDEN_DIR / "dev.yaml"
TEST_SET = GOLDEN_DIR / "test.yaml"
TEST_ORGANISATIONS = GOLDEN_DIR / "test-organisations.jsonl"
# The development set's gate in `make test`: the offline engine passes 152/180 (84.4 %) on the
# bootstrapped demo data (docs/QUALITY.md); the gate leaves a margin for run-to-run noise and
# is raised as the engine improves. The goal is 0.90.
DEV_MIN_PASS = 0.80
LOTSE = str(Path(sys.executable).with_name("lotse"))


def _ids(path: Path) -> set[str]:
    return {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()}


@pytest.fixture(scope="module")
def corpus_documents() -> list[str]:
    return [f"{path}\n{read_document(path).title}".casefold()
            for path in sorted(CORPUS_DIR.rglob("*.md")) if path.name != "README.md"]


@pytest.mark.parametrize(("path", "organisations"), [(DEV_SET, DEMO_FILE),
                                                     (TEST_SET, TEST_ORGANISATIONS)],
                         ids=["dev", "test"])
def test_a_set_is_large_balanced_and_points_at_existing_data(
        path: Path, organisations: Path, corpus_documents: list[str]) -> None:
    questions: list[GoldenQuestion] = load_golden(path)
    assert len(questions) >= 150
    per_language = Counter(q.language for q in questions)
    assert set(per_language) == {"de", "en", "pl", "cs"}
    assert min(per_language.values()) >= 35, per_language
    # What the issue asks these sets to contain: off-topic questions, follow-ups, organisation
    # and document questions in fair shares.
    assert sum(not q.expect_answered for q in questions) >= 15
    assert sum(bool(q.history) for q in questions) >= 10
    assert sum(bool(q.expect_companies) for q in questions) >= 50
    assert sum(bool(q.expect_sources) for q in questions) >= 40
    known = _ids(organisations)
    for q in questions:
        assert set(q.expect_companies) <= known, (q.id, set(q.expect_companies) - known)
        for wanted in q.expect_sources:
            assert any(wanted.casefold() in doc for doc in corpus_documents), (q.id, wanted)


def test_the_two_sets_share_no_question_and_no_organisation() -> None:
    def conversations(questions: list[GoldenQuestion]) -> set[tuple[str, ...]]:
        # A short follow-up ("A do kiedy trwa?") may recur; the conversation must not.
        return {tuple(m.casefold() for m in [*q.history, q.question]) for q in questions}

    assert not conversations(load_golden(DEV_SET)) & conversations(load_golden(TEST_SET))
    assert not _ids(DEMO_FILE) & _ids(TEST_ORGANISATIONS)


def test_the_development_set_passes_at_its_threshold(bundled_data_dir: Path) -> None:
    proc = subprocess.run([LOTSE, "eval", "answers", str(DEV_SET), "--json", "--no-save",
                           "--min-pass", str(DEV_MIN_PASS), "--data-dir", str(bundled_data_dir)],
                          capture_output=True, text=True, timeout=1800,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    run = json.loads(proc.stdout)
    failing = {r["id"]: r["failures"] for r in run["results"] if not r["passed"]}
    assert proc.returncode == 0, (run["totals"]["pass_rate"], failing)
