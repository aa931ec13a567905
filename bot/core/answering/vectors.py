"""Vectors of candidate sentences for comparing them with each other (one fact said twice).

Sentences from the sentence index are already embedded there; reading their vectors costs one
store lookup instead of running the embedder over eight sentences per answer. Sentences split
from passages on the fly (no sentence index hits) are embedded here.
"""

from __future__ import annotations

import numpy as np

from knowledge.retrieval import Passage, Retriever


class SentenceVectors:
    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def __call__(self, sentences: list[Passage]) -> np.ndarray:
        stored = self.retriever.sentence_vectors([s.id for s in sentences])
        missing = [s for s in sentences if s.id not in stored]
        if missing:
            fresh = self.retriever.embedder.embed_passages([s.text for s in missing])
            stored |= {s.id: vector for s, vector in zip(missing, fresh, strict=True)}
        return np.stack([stored[s.id] for s in sentences])
