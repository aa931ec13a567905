"""Candidate sentences' vectors come from the sentence index, embedded only when not stored."""

from __future__ import annotations

import numpy as np

from bot.core.answering.vectors import SentenceVectors
from knowledge.retrieval import Passage, Retriever
from knowledge.settings import Settings


def test_stored_sentences_use_their_index_vectors_and_new_ones_are_embedded(
        mini_settings: Settings) -> None:
    retriever = Retriever(mini_settings)
    hits, stored = retriever.sentence_index.all_with_vectors()
    first, second = hits[0], hits[1]
    as_passage = [Passage(h.id, str(h.metadata.get("doc_id")), "", "", "", h.text, 0.0)
                  for h in (first, second)]
    unseen = Passage("not-in-the-index:s0", "x", "", "", "de",
                     "Das Budget beträgt rund 358.000 Euro.", 0.0)
    vectors = SentenceVectors(retriever)([*as_passage, unseen])
    assert np.allclose(vectors[0], stored[0])
    assert np.allclose(vectors[1], stored[1])
    expected = retriever.embedder.embed_passages([unseen.text])[0]
    assert np.allclose(vectors[2], expected)
