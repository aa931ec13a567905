"""Trades from data/trades.yaml: capabilities and sectors with terms in four languages.

A text names a capability when one of its terms occurs in it: token by token, folded, by lemma,
or as the head of a German compound ("Pulverbeschichtungsanlage" starts with the term) or a
form sharing most of the term ("pulverbeschichten" ~ "Pulverbeschichtung"). For a question the
embedding also counts: its vector close enough to a capability's labels names that capability
even when none of its words is listed ("Wer kann für uns Bleche beschichten?").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from knowledge.understanding.lexicon import (
    LANGUAGES,
    InflectionIndex,
    Token,
    all_words,
    load_yaml,
    tokenize,
)

# A question word this much like a term (shared leading letters / term length) is its form.
SHARED_PREFIX_SHARE = 0.8
MIN_PREFIX = 6


@dataclass(frozen=True)
class Trade:
    name: str  # capability or sector name as used in reasons and in the database's sectors
    sector: str
    is_capability: bool
    labels: dict[str, str]  # language -> label shown and embedded
    terms: tuple[tuple[str, ...], ...]  # folded token sequences
    written: tuple[str, ...]  # term words as in the data, for the inflection index


@dataclass
class Taxonomy:
    trades: list[Trade] = field(default_factory=list)

    @property
    def capabilities(self) -> list[Trade]:
        return [t for t in self.trades if t.is_capability]

    def vocabulary(self) -> set[str]:
        return {word for trade in self.trades for word in trade.written}

    def label_texts(self) -> list[tuple[Trade, str]]:
        """(capability, text) pairs to embed: one per language, all its terms listed."""
        out: list[tuple[Trade, str]] = []
        for trade in self.capabilities:
            for lang in LANGUAGES:
                if lang in trade.labels:
                    out.append((trade, trade.labels[lang]))
        return out


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    data = load_yaml("trades.yaml")
    trades: list[Trade] = []
    for group, is_capability in (("capabilities", True), ("sectors", False)):
        for name, entry in (data.get(group) or {}).items():
            terms: list[tuple[str, ...]] = []
            written: list[str] = []
            labels: dict[str, str] = {}
            for lang in LANGUAGES:
                words = [str(w) for w in entry.get(lang) or []]
                if words:
                    # The label embedded for a language names the trade by all its terms.
                    labels[lang] = ", ".join(words)
                for word in words:
                    parsed = tokenize(word)
                    if parsed:
                        terms.append(tuple(t.folded for t in parsed))
                        written.extend(t.text for t in parsed)
            trades.append(Trade(name, entry.get("sector", name) if is_capability else name,
                                is_capability, labels, tuple(dict.fromkeys(terms)),
                                tuple(dict.fromkeys(written))))
    return Taxonomy(trades)


def _word_matches(token: Token, word: str, index: InflectionIndex) -> bool:
    # The text's word must be an inflection of the term (terms are base forms); two words
    # that merely share a lemma do not match ("machine tools" is no "machining", though
    # simplemma lemmatises both to "machine").
    if word in index.forms(token.folded):
        return True
    return words_match(token, word)


def words_match(token: Token, word: str) -> bool:
    """Equal, or a compound/inflected form by shared leading letters (no dictionary)."""
    if token.folded == word:
        return True
    if len(word) >= MIN_PREFIX and token.folded.startswith(word):
        return True  # a compound that begins with the term
    shared = 0
    for a, b in zip(token.folded, word, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= MIN_PREFIX and shared >= SHARED_PREFIX_SHARE * len(word)


class TradeMatcher:
    """Finds the trades a text names by its words; built once per inflection index.

    Which term words a text word matches is worked out once per distinct word (cached), so a
    question costs dictionary lookups, not a scan of the whole taxonomy per position."""

    def __init__(self, tax: Taxonomy, index: InflectionIndex) -> None:
        self.taxonomy = tax
        self._index = index
        self._words = sorted({w for trade in tax.trades for term in trade.terms for w in term})
        self._word_set = frozenset(self._words)
        self._by_prefix: dict[str, list[str]] = {}
        for word in self._words:
            if len(word) >= MIN_PREFIX:
                self._by_prefix.setdefault(word[:MIN_PREFIX], []).append(word)
        self._by_first: dict[str, list[tuple[Trade, tuple[str, ...]]]] = {}
        for trade in tax.trades:
            for term in trade.terms:
                self._by_first.setdefault(term[0], []).append((trade, term))
        self._matching = lru_cache(maxsize=65536)(self._matching_words)
        # A term word that is also a stop word of some language ("IT", English "it") counts
        # only written as in the data, so "does it" names no trade.
        stop = all_words("stop")
        self._cased = {t.folded: t.text for trade in tax.trades for word in trade.written
                       for t in tokenize(word) if t.folded in stop}

    def _matching_words(self, folded: str) -> frozenset[str]:
        # Only a term word of the token's own leading MIN_PREFIX letters can match by shape
        # (`words_match`), the rest only as the token itself or its lemma: with 170-odd
        # capabilities a scan of every term word per distinct record word made tagging the
        # demo records 5x slower.
        token = Token(folded, folded, folded, 0, 0)
        candidates = set(self._by_prefix.get(folded[:MIN_PREFIX], ()))
        candidates |= self._index.forms(folded) & self._word_set
        return frozenset(w for w in candidates if _word_matches(token, w, self._index))

    def _words_of(self, token: Token) -> frozenset[str]:
        words = self._matching(token.folded)
        if token.folded in self._cased and token.text != self._cased[token.folded]:
            return words - {token.folded}
        return words

    def named(self, tokens: list[Token], skip: set[int] | None = None) -> list[Trade]:
        skip = skip or set()
        found: set[str] = set()
        for i, token in enumerate(tokens):
            if i in skip:
                continue
            for word in self._words_of(token):
                for trade, term in self._by_first.get(word, ()):
                    if trade.name in found:
                        continue
                    end = i + len(term)
                    if end > len(tokens) or any(j in skip for j in range(i, end)):
                        continue
                    if all(term[k] in self._words_of(tokens[i + k])
                           for k in range(1, len(term))):
                        found.add(trade.name)
        return [trade for trade in self.taxonomy.trades if trade.name in found]

    def capabilities_in(self, text: str) -> frozenset[str]:
        return frozenset(t.name for t in self.named(tokenize(text)) if t.is_capability)


class TradeEmbeddings:
    """Capability label vectors (embedded once per process/embedder) and the nearest ones."""

    def __init__(self, tax: Taxonomy, vectors: np.ndarray) -> None:
        self._pairs = tax.label_texts()
        self._vectors = vectors

    @staticmethod
    def texts(tax: Taxonomy) -> list[str]:
        return [text for _trade, text in tax.label_texts()]

    def nearest(self, query_vector: np.ndarray, threshold: float,
                margin: float) -> list[tuple[Trade, float]]:
        """Capabilities whose best label is within `threshold` and clearly ahead of the rest."""
        if self._vectors.size == 0:
            return []
        sims = self._vectors @ query_vector
        best: dict[str, tuple[Trade, float]] = {}
        for (trade, _text), sim in zip(self._pairs, sims, strict=True):
            if trade.name not in best or sim > best[trade.name][1]:
                best[trade.name] = (trade, float(sim))
        ranked = sorted(best.values(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < threshold:
            return []
        runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
        if ranked[0][1] - runner_up < margin:
            return []
        return [ranked[0]]
