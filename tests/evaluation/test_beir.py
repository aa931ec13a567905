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

import numpy as np
import pytest

from bot.evaluation.beir import (
    BeirFormatError,
    beir_folders,
    evaluate_retrieval,
    evaluate_retrievals,
    load_beir,
)
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


class CountingEmbedder:
    """The real embedder, counting the passages it is asked to embed (ingestion and the plain
    mode embed passages; queries are counted apart)."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.identity = inner.identity
        self.dim = inner.dim
        self.passages = 0

    def embed_query(self, text: str):  # type: ignore[no-untyped-def]
        return self.inner.embed_query(text)

    def embed_queries(self, texts: list[str]):  # type: ignore[no-untyped-def]
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.passages += len(texts)
        return self.inner.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


def _tiny_copy(target: Path, queries: dict[str, str] | None = None) -> Path:
    """beir_tiny with its corpus and qrels as they are and, optionally, other query texts."""
    target.mkdir(parents=True)
    (target / "qrels").mkdir()
    (target / "corpus.jsonl").write_bytes((TINY / "corpus.jsonl").read_bytes())
    (target / "qrels" / "test.tsv").write_bytes((TINY / "qrels" / "test.tsv").read_bytes())
    rows = [json.loads(line) for line in (TINY / "queries.jsonl").read_text().splitlines()]
    for row in rows:
        row["text"] = (queries or {}).get(row["_id"], row["text"])
    (target / "queries.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return target


GERMAN_QUERIES = {
    "q-sourdough": "Wo bekomme ich im Steinofen gebackenes Sauerteig-Roggenbrot?",
    "q-laser": "Laserschneiden dicker Stahlbleche",
    "q-cakes": "Welche Bäckerei backt Kuchen für eine Geburtstagsfeier?",
    "q-interreg": "Welches Programm fördert grenzüberschreitende Projekte zwischen Polen und "
                  "Sachsen?",
}


@pytest.fixture(scope="module")
def language_folders(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """A parent folder of two data sets sharing beir_tiny's corpus (English and German
    questions) and one with a corpus of its own (one document fewer)."""
    parent = tmp_path_factory.mktemp("languages")
    _tiny_copy(parent / "de", GERMAN_QUERIES)
    _tiny_copy(parent / "en")
    other = _tiny_copy(parent / "other")
    lines = (other / "corpus.jsonl").read_text().splitlines()
    (other / "corpus.jsonl").write_text("\n".join(lines[:-1]) + "\n")  # drops "solar"
    return parent


def test_a_parent_folder_stands_for_its_data_sets(language_folders: Path) -> None:
    assert beir_folders([language_folders]) == [language_folders / name
                                                for name in ("de", "en", "other")]
    assert beir_folders([language_folders / "en", language_folders]) == [
        language_folders / "en", language_folders / "de", language_folders / "other"]
    with pytest.raises(BeirFormatError, match="no corpus.jsonl"):
        beir_folders([language_folders / "de" / "qrels"])


@pytest.mark.parametrize("mode", ["hybrid", "plain"])
def test_a_shared_corpus_is_embedded_once(mode: str, language_folders: Path, embedder,
                                          tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    counting = CountingEmbedder(embedder)
    alone = evaluate_retrievals([language_folders / "en"], make_settings(tmp_path / "a"),
                                mode=mode, embedder=counting)[0]
    one_corpus = counting.passages
    assert one_corpus >= 8
    counting.passages = 0
    stages: list[tuple[str, str]] = []
    reports = evaluate_retrievals(
        beir_folders([language_folders]), make_settings(tmp_path / "b"), mode=mode,
        embedder=counting,
        progress=lambda folder, stage, done, total: stages.append((folder.name, stage)))
    # de and en share one ingestion; "other" (7 documents) needs its own.
    assert one_corpus < counting.passages < 2 * one_corpus
    assert [Path(r.dataset).name for r in reports] == ["de", "en", "other"]
    assert [r.mode for r in reports] == [mode] * 3
    assert reports[1].as_dict() == {**alone.as_dict(),
                                    "latency_p50_ms": reports[1].latency_p50_ms,
                                    "latency_p95_ms": reports[1].latency_p95_ms}
    assert reports[2].documents == 7 and reports[0].documents == 8
    assert ("other", "query") in stages and ("de", "query") in stages
    first_stage = "embed" if mode == "plain" else "ingest"
    assert [s for s in dict.fromkeys(stages) if s[1] == first_stage] == \
        [("de", first_stage), ("other", first_stage)]


def test_plain_mode_ranks_whole_documents_by_cosine(embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = evaluate_retrieval(TINY, make_settings(tmp_path / "d"), embedder=embedder,
                                mode="plain")
    dataset = load_beir(TINY)
    ids = list(dataset.corpus)
    # One document at a time, text only: the batch path and the titles must not matter.
    vectors = np.vstack([embedder.embed_passages([dataset.corpus[i][1]]) for i in ids])
    assert report.mode == "plain" and report.chunks == report.documents == 8
    assert not report.hybrid
    for outcome in report.per_query:
        scores = vectors @ embedder.embed_query(dataset.queries[outcome.query_id])
        expected = [ids[n] for n in np.argsort(-scores)]
        assert outcome.ranking == expected, outcome.query_id


def test_cli_takes_several_folders_and_a_mode(language_folders: Path, tmp_path: Path) -> None:
    proc = subprocess.run([LOTSE, "eval", "retrieval", "--beir", str(language_folders / "en"),
                           "--beir", str(language_folders / "de"), "--mode", "plain", "--json",
                           "--data-dir", str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    assert proc.returncode == 0, proc.stderr
    reports = json.loads(proc.stdout)
    assert [(Path(r["dataset"]).name, r["mode"], r["queries"]) for r in reports] == [
        ("en", "plain", 4), ("de", "plain", 4)]
    table = subprocess.run([LOTSE, "eval", "retrieval", "--beir", str(language_folders),
                            "--mode", "dense", "--data-dir", str(tmp_path / "data")],
                           capture_output=True, text=True, timeout=300,
                           env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "COLUMNS": "120"})
    assert table.returncode == 0, table.stderr
    rows = [line for line in table.stdout.splitlines() if "│" in line]
    assert [row.split("│")[1].strip() for row in rows] == ["de", "en", "other", "mean"]
    bad = subprocess.run([LOTSE, "eval", "retrieval", "--beir", str(TINY), "--mode", "sparse"],
                         capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    assert bad.returncode == 2 and "--mode must be one of hybrid, dense, plain" in bad.stderr
