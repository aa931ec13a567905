"""`eval retrieval` on tests/data/beir_tiny, whose rankings were checked by hand.

The tiny set: 8 documents on unrelated topics (two bakeries), 6 queries of which 4 are judged.
The real pipeline ranks (checked by reading the per-query output once, and asserted below):
  q-sourdough: bakery-sourdough, bakery-cakes, ...   judged sourdough=1, cakes=2
  q-laser:     laser-cutting, ...                    judged laser=1, laser-archive-missing=1
                                                     (not in the corpus, so never retrieved)
  q-cakes:     bakery-cakes, bakery-sourdough, ...   judged sourdough=1
  q-interreg:  interreg-pl-sn, ...                   judged interreg=1
q-unjudged has no judgement and q-only-zero only a grade 0: both are left out, as BEIR does.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from bot.evaluation.beir import BeirFormatError, evaluate_retrieval, load_beir
from tests.conftest import REPO_ROOT, make_settings

TINY = REPO_ROOT / "tests" / "data" / "beir_tiny"
LOTSE = str(Path(sys.executable).with_name("lotse"))

# Per query by hand: recall@1, recall@5 (= recall@10 with 8 documents), reciprocal rank, nDCG@10.
L3 = math.log2(3)
HAND = {
    "q-sourdough": (1 / 2, 1.0, 1.0, (1 + 2 / L3) / (2 + 1 / L3)),
    "q-laser": (1 / 2, 1 / 2, 1.0, 1 / (1 + 1 / L3)),
    "q-cakes": (0.0, 1.0, 1 / 2, (1 / L3) / 1),
    "q-interreg": (1.0, 1.0, 1.0, 1.0),
}


def _mean(column: int) -> float:
    return sum(values[column] for values in HAND.values()) / len(HAND)


@pytest.fixture(scope="module")
def report(embedder, tmp_path_factory):  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path_factory.mktemp("beir") / "unused")
    return evaluate_retrieval(TINY, settings, embedder=embedder)


def test_rankings_are_the_hand_checked_ones(report) -> None:  # type: ignore[no-untyped-def]
    heads = {o.query_id: o.ranking[:2] for o in report.per_query}
    assert heads == {
        "q-sourdough": ["bakery-sourdough", "bakery-cakes"],
        "q-laser": ["laser-cutting", heads["q-laser"][1]],
        "q-cakes": ["bakery-cakes", "bakery-sourdough"],
        "q-interreg": ["interreg-pl-sn", heads["q-interreg"][1]],
    }
    assert all(len(o.ranking) == 8 for o in report.per_query)  # folded to distinct documents


def test_metrics_match_the_hand_computation(report) -> None:  # type: ignore[no-untyped-def]
    assert report.queries == 4 and report.documents == 8
    assert report.recall_at_1 == pytest.approx(_mean(0), abs=1e-4) == pytest.approx(0.5)
    assert report.recall_at_5 == pytest.approx(_mean(1), abs=1e-4) == pytest.approx(0.875)
    assert report.recall_at_10 == pytest.approx(0.875, abs=1e-4)
    assert report.mrr_at_10 == pytest.approx(_mean(2), abs=1e-4) == pytest.approx(0.875)
    assert report.ndcg_at_10 == pytest.approx(_mean(3), abs=1e-4)
    assert report.ndcg_at_10 == pytest.approx(0.7759, abs=1e-4)
    for outcome in report.per_query:
        r1, r5, rr, ndcg = HAND[outcome.query_id]
        assert (outcome.recall_at_1, outcome.recall_at_5, outcome.mrr_at_10) == \
            pytest.approx((r1, r5, rr))
        assert outcome.ndcg_at_10 == pytest.approx(ndcg)


def test_latency_percentiles_are_reported(report) -> None:  # type: ignore[no-untyped-def]
    latencies = sorted(o.latency_ms for o in report.per_query)
    assert 0 < report.latency_p50_ms <= report.latency_p95_ms <= latencies[-1]
    assert report.latency_p50_ms == pytest.approx((latencies[1] + latencies[2]) / 2, abs=0.02)


def test_a_broken_data_set_is_named(tmp_path: Path) -> None:
    (tmp_path / "qrels").mkdir()
    (tmp_path / "corpus.jsonl").write_text('{"_id": "a", "text": "x"}\n')
    (tmp_path / "queries.jsonl").write_text('{"_id": "q", "text": "x"}\n{"text": "no id"}\n')
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq\ta\t1\n")
    with pytest.raises(BeirFormatError, match=r"queries.jsonl line 2: missing _id"):
        load_beir(tmp_path)
    (tmp_path / "queries.jsonl").write_text('{"_id": "q", "text": "x"}\n')
    (tmp_path / "qrels" / "test.tsv").write_text("q\ta\t1\n")
    with pytest.raises(BeirFormatError, match="header"):
        load_beir(tmp_path)


def test_cli_prints_the_metrics_as_json(tmp_path: Path) -> None:
    proc = subprocess.run([LOTSE, "eval", "retrieval", "--beir", str(TINY), "--json",
                           "--data-dir", str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    assert proc.returncode == 0, proc.stderr
    metrics = json.loads(proc.stdout)
    assert metrics["ndcg_at_10"] == pytest.approx(0.7759, abs=1e-4)
    assert metrics["mrr_at_10"] == pytest.approx(0.875)
    assert {"recall_at_1", "recall_at_5", "recall_at_10", "latency_p50_ms",
            "latency_p95_ms"} <= set(metrics)
    # The temporary store is gone; nothing was written into the user's data directory.
    assert not (tmp_path / "data" / "chroma").exists()
