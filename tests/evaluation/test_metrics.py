"""Ranking metrics against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from bot.evaluation.metrics import ndcg_at, percentile, recall_at, reciprocal_rank_at

RANKING = ["d3", "d1", "d7", "d2"]
# d1 and d2 relevant (d2 twice as much), d9 relevant but never retrieved, d7 judged irrelevant.
JUDGED = {"d1": 1, "d2": 2, "d9": 1, "d7": 0}


def test_recall_counts_relevant_documents_within_the_cut() -> None:
    assert recall_at(RANKING, JUDGED, 1) == 0.0          # d3 is not relevant
    assert recall_at(RANKING, JUDGED, 2) == pytest.approx(1 / 3)  # d1 of {d1, d2, d9}
    assert recall_at(RANKING, JUDGED, 10) == pytest.approx(2 / 3)  # d9 never comes


def test_reciprocal_rank_is_one_over_the_first_relevant_rank() -> None:
    assert reciprocal_rank_at(RANKING, JUDGED, 10) == 0.5   # d1 at rank 2
    assert reciprocal_rank_at(RANKING, JUDGED, 1) == 0.0
    assert reciprocal_rank_at(["d7"], JUDGED, 10) == 0.0    # grade 0 is not relevant


def test_ndcg_uses_linear_gains_and_log2_discounts() -> None:
    # DCG: d1 (gain 1) at rank 2 -> 1/log2(3); d2 (gain 2) at rank 4 -> 2/log2(5).
    dcg = 1 / math.log2(3) + 2 / math.log2(5)
    # = 0.6309 + 0.8614 = 1.4923. Ideal order 2, 1, 1: 2/1 + 1/log2(3) + 1/log2(4) = 3.1309.
    ideal = 2 + 1 / math.log2(3) + 1 / 2
    assert ndcg_at(RANKING, JUDGED, 10) == pytest.approx(dcg / ideal)
    assert ndcg_at(RANKING, JUDGED, 10) == pytest.approx(1.4923 / 3.1309, abs=1e-4)
    assert ndcg_at(["d2", "d1", "d9"], JUDGED, 10) == pytest.approx(1.0)
    assert ndcg_at(RANKING, {"dx": 0}, 10) == 0.0


def test_percentile_interpolates_between_ranks() -> None:
    values = [40.0, 10.0, 30.0, 20.0]
    assert percentile(values, 50) == 25.0       # halfway between 20 and 30
    assert percentile(values, 95) == pytest.approx(38.5)  # 30 + 0.85 * 10
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) == 0.0
