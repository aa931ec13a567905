"""What a question asks for, by its nearest example questions (data/intents.yaml).

The examples are embedded once per process (and cached on disk in the data dir, keyed by the
embedder); a question's vector, the one retrieval uses too, is compared with all of them and
its k nearest vote, weighted by similarity. The result is a share per intent, not a boolean:
the assistant weighs it against what the searches found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from knowledge.understanding.lexicon import load_yaml

INTENTS = ("organisations", "institutions", "seekers", "documents", "other", "funding")


@dataclass(frozen=True)
class Exemplar:
    intent: str
    language: str
    text: str


def exemplars() -> list[Exemplar]:
    data = load_yaml("intents.yaml")
    return [Exemplar(intent, lang, str(text))
            for intent in INTENTS for lang, texts in (data.get(intent) or {}).items()
            for text in texts]


class IntentClassifier:
    def __init__(self, examples: list[Exemplar], vectors: np.ndarray) -> None:
        self._examples = examples
        self._vectors = vectors

    def shares(self, query_vector: np.ndarray, neighbours: int) -> dict[str, float]:
        """Similarity-weighted vote of the nearest examples, per intent (sums to 1)."""
        if not self._examples:
            return dict.fromkeys(INTENTS, 1.0 / len(INTENTS))
        sims = self._vectors @ query_vector
        k = min(neighbours, len(sims))
        nearest = np.argpartition(-sims, k - 1)[:k]
        # E5 similarities sit in a narrow band; weighting by the distance above the k-th
        # neighbour makes the closest examples count most.
        floor = float(sims[nearest].min())
        votes = dict.fromkeys(INTENTS, 0.0)
        for i in nearest:
            votes[self._examples[int(i)].intent] += float(sims[i]) - floor + 1e-3
        total = sum(votes.values()) or 1.0
        return {intent: round(v / total, 4) for intent, v in votes.items()}
