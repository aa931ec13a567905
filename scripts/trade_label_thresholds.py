"""Trade-label thresholds (knowledge/tuning.py, UnderstandingTuning.trade_label_*): for the
questions of golden + dev + dev-b, how often the nearest capability label agrees with the
capability the question's words name, and on which other questions it would fire.

    PYTHONPATH=. .venv/bin/python scripts/trade_label_thresholds.py [-v]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

from knowledge.embeddings import get_embedder
from knowledge.settings import get_settings
from knowledge.understanding.analysis import shared_inflection_index
from knowledge.understanding.trades import TradeEmbeddings, TradeMatcher, taxonomy

SETS = ("golden.yaml", "dev.yaml", "dev-b.yaml")
CANDIDATES = ((0.845, 0.03), (0.845, 0.02), (0.85, 0.02), (0.84, 0.02), (0.86, 0.01), (0.83, 0.03))


def main() -> None:
    tax = taxonomy()
    matcher = TradeMatcher(tax, shared_inflection_index(Path(tempfile.mkdtemp())))
    embedder = get_embedder(get_settings())
    questions = [(name, entry) for name in SETS
                 for entry in yaml.safe_load(Path("knowledge/golden", name).read_text("utf-8"))]
    labels = TradeEmbeddings(tax, np.asarray(embedder.embed_queries(TradeEmbeddings.texts(tax)),
                                             dtype=np.float32))
    vectors = np.asarray(embedder.embed_queries([e["question"] for _, e in questions]),
                         dtype=np.float32)
    for threshold, margin in CANDIDATES:
        named = agree = 0
        fired: list[str] = []
        for (name, entry), vector in zip(questions, vectors, strict=True):
            by_words = matcher.capabilities_in(entry["question"])
            nearest = labels.nearest(vector, threshold, margin)
            if by_words:
                named += 1
                agree += bool(nearest and nearest[0][0].name in by_words)
            elif nearest:
                wants = bool(entry.get("expect_companies"))
                fired.append(f"   {name} {entry['id']} -> {nearest[0][0].name} "
                             f"{nearest[0][1]:.3f} organisations={wants}")
        print(f"{threshold}/{margin}: words name a capability in {named}, nearest label agrees "
              f"in {agree}; fires on {len(fired)} others")
        if "-v" in sys.argv:
            print("\n".join(fired))


if __name__ == "__main__":
    main()
