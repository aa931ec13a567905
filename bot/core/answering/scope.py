"""Whether a question is about something the agency's documents cover at all.

A general business question ("Wie hoch ist die Mehrwertsteuer in Tschechien?", "How do I
register a GmbH?") shares generic words with the documents ("Tschechien", "GmbH") and can match
a passage well by meaning; its topic word ("Mehrwertsteuer", "register") occurs in no passage
of the whole index. The index's own vocabulary tells, for any corpus and language, without a
list of topics.
"""

from __future__ import annotations

from typing import Any

from bot.core.answering.extractive import content_tokens

# Lexical words this short are inflections and question words more often than topics ("viel",
# "kolik"); the index's tokens are cut to six letters (`bm25_tokens`).
MIN_TOPIC_LETTERS = 5


# The share of a question's content words that must be outside the corpus: one of its two or
# three (a topic among generic words), not one of six (an inflection the six-letter tokens
# miss: "selling" in a question about selling services). Chosen, then checked on golden and
# dev: without it dev lost en-doc-servitisation-first-steps (one outside word of seven) and
# dev-b a question with "ungefähr"; with it neither, and the VAT and GmbH questions are refused.
MIN_OUTSIDE_SHARE = 0.3


def words_outside_corpus(question: str, retriever: Any) -> list[str]:
    """The question's content words (synonyms folded, stop words left out) that no passage
    of the index contains, when they are a good part of the question (`MIN_OUTSIDE_SHARE`);
    empty when the index has no lexical side."""
    vocabulary = _vocabulary(retriever)
    words = content_tokens(question)
    if not vocabulary or not words:
        return []
    outside = sorted(word for word in words
                     if len(word) >= MIN_TOPIC_LETTERS and word not in vocabulary)
    return outside if len(outside) / len(words) >= MIN_OUTSIDE_SHARE else []


def leans_off_topic(intent: dict[str, float]) -> bool:
    """Whether the intent vote's largest share goes to questions Lotse cannot answer."""
    return bool(intent) and max(intent, key=lambda name: intent[name]) == "other"


def _vocabulary(retriever: Any) -> set[str] | frozenset[str]:
    # The retriever's lexical index holds every passage's words (knowledge/retrieval.py).
    index = retriever._bm25_index() if hasattr(retriever, "_bm25_index") else None
    return getattr(index, "vocab", None) or frozenset()
