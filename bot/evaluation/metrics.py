"""Ranking metrics over one query's ranked document ids, the way trec_eval/BEIR define them.

Relevance judgements are graded (`qrels` score); a score of 0 or less means "not relevant".
nDCG uses the linear gain (the judgement itself) and log2(rank + 1) discounts, as trec_eval does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def _relevant(judgements: Mapping[str, int]) -> set[str]:
    return {doc for doc, grade in judgements.items() if grade > 0}


def recall_at(ranking: Sequence[str], judgements: Mapping[str, int], k: int) -> float:
    """Share of the relevant documents found in the first k results."""
    relevant = _relevant(judgements)
    if not relevant:
        return 0.0
    return len(relevant & set(ranking[:k])) / len(relevant)


def reciprocal_rank_at(ranking: Sequence[str], judgements: Mapping[str, int], k: int) -> float:
    """1 / rank of the first relevant result within the first k, else 0."""
    relevant = _relevant(judgements)
    for rank, doc in enumerate(ranking[:k], start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranking: Sequence[str], judgements: Mapping[str, int], k: int) -> float:
    """Discounted gain of the first k results divided by the best possible ordering's gain."""
    gained = sum(max(judgements.get(doc, 0), 0) / math.log2(rank + 1)
                 for rank, doc in enumerate(ranking[:k], start=1))
    ideal_grades = sorted((g for g in judgements.values() if g > 0), reverse=True)[:k]
    ideal = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal_grades, start=1))
    return gained / ideal if ideal else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = math.ceil(position)
    if low == high:
        return ordered[low]
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
