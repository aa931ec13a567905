"""Passage retrieval: dense search in Chroma, optionally fused with BM25 (bm25s).

A passage is ranked by a score-level fusion (`fused_score`): its chunk cosine, the cosine of its
best sentence (the answer to a question is usually one sentence of a chunk, and a whole chunk's
vector dilutes it), and, in hybrid search, how much of the question's lexical information the
passage contains. BM25 also brings in candidates dense search missed.

The lexical side counts what it can know. It scores the share of the question's words, weighted
by rarity, found in the passage (unknown words weigh most, so the few frequent words a question
in another language shares with a passage, "in", "was", "die", stay a small share). Across
languages only names and numbers count as found: other shared words are accidents or cognates
("projektem"/"Projekt") that say little. So a lexical match across languages cannot push down
what the embedder ranks first, while names, numbers and same-language matches still count.
(Equal-weight rank fusion with BM25, before, cost English questions on German XQuAD paragraphs
0.18 recall@1; docs/QUALITY.md has the measurements.)

The reported score is always the dense cosine similarity of the chunk, so the answer threshold
means the same with and without BM25; fusion only changes which passages make the list and in
what order.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Set
from dataclasses import asdict, dataclass

import numpy as np
from sqlalchemy import func, select

from knowledge.db import Database, DocumentRecord, get_database
from knowledge.embeddings import Embedder, get_embedder
from knowledge.language import detect_language
from knowledge.settings import Settings
from knowledge.tuning import FUSION, FusionTuning, for_embedder
from knowledge.vectorstore import (
    DOCUMENTS,
    SENTENCES,
    VectorCollection,
    VectorHit,
    open_collection,
)

log = logging.getLogger("lotse.retrieval")

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class Passage:
    id: str
    doc_id: str
    title: str
    source: str
    language: str
    text: str
    score: float
    position: int = 0
    doc_type: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def bm25_tokens(text: str) -> list[str]:
    """Lower-cased, accent-folded words cut to 6 letters: a crude stemmer that still joins
    Förderung/Förderungen or projekt/projektu/projektem across our four languages."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return [w[:6] for w in _WORD.findall(folded) if len(w) > 1]


class _Bm25Index:
    def __init__(self, hits: list[VectorHit], vectors: np.ndarray) -> None:
        import bm25s

        # bm25s sets its own logger to DEBUG, which would print on every index build.
        logging.getLogger("bm25s").setLevel(logging.WARNING)

        self.ids = [h.id for h in hits]
        # Passages BM25 finds but dense search did not still need their cosine (the answer
        # threshold is on it): keeping the vectors here spares a store round trip per query
        # (15 MB for 10,000 chunks).
        self.hits = {h.id: h for h in hits}
        self.rows = {h.id: n for n, h in enumerate(hits)}
        self.vectors = vectors
        self.retriever = bm25s.BM25()
        corpus = [bm25_tokens(passage_words(h)) for h in hits]
        self.vocab: set[str] = {t for doc in corpus for t in doc}
        # Each passage's distinct words as sorted ids, kept for `coverage`: re-reading 30-60
        # candidate texts per query cost ~10 ms; 4 bytes per distinct word (~80 in a chunk)
        # is about 3 MB for 10,000 chunks.
        self.word_id: dict[str, int] = {}
        self.word_ids: dict[str, np.ndarray] = {}
        for h, doc in zip(hits, corpus, strict=True):
            ids = {self.word_id.setdefault(t, len(self.word_id)) for t in doc}
            self.word_ids[h.id] = np.array(sorted(ids), dtype=np.int32)
        # In how many passages of each language each word occurs, the rarity weights of
        # `lexical_coverage`: among the passages of the passage's own language, because in a
        # mostly German index English "who"/"the" are rare overall and would make every English
        # passage look like a strong match for every English question.
        self.document_frequency: dict[str, Counter[str]] = {}
        self.passages_per_language: Counter[str] = Counter()
        for hit, words in zip(hits, corpus, strict=True):
            language = str(hit.metadata.get("language", ""))
            self.document_frequency.setdefault(language, Counter()).update(set(words))
            self.passages_per_language[language] += 1
        self.retriever.index(_to_bm25s(corpus), show_progress=False)

    def top(self, query: str, k: int) -> list[tuple[str, float]]:
        # bm25s rejects words it has never seen; they could not score anyway.
        tokens = [t for t in bm25_tokens(query) if t in self.vocab]
        if not tokens or not self.ids:
            return []
        docs, scores = self.retriever.retrieve([tokens], k=min(k, len(self.ids)),
                                               show_progress=False)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True)
                if s > 0]

    def coverage(self, query: str, passages: list[VectorHit],
                 query_language: str | None) -> dict[str, float]:
        """`lexical_coverage` of each passage, with rarities among the passages of its
        language. Across languages only the question's names and numbers may match: its other
        words meet a passage in another language only by accident ("was", "in") or as a
        cognate that says little ("projektem"/"Projekt")."""
        question = set(bm25_tokens(query))
        crossing = names_and_numbers(query) & question
        # Only words of the index can be in one of its passages.
        known = [w for w in question if w in self.word_id]
        known_ids = np.array([self.word_id[w] for w in known], dtype=np.int32)
        coverage: dict[str, float] = {}
        for h in passages:
            row = self.word_ids.get(h.id)
            if row is None:  # written after this index was built
                present: Set[str] = frozenset(bm25_tokens(passage_words(h)))
            else:
                present = {w for w, found in zip(known, np.isin(known_ids, row), strict=True)
                           if found}
            language = str(h.metadata.get("language", ""))
            same = bool(query_language) and language == query_language
            coverage[h.id] = lexical_coverage(
                question, present, self.document_frequency.get(language, Counter()),
                self.passages_per_language[language], counted=None if same else crossing)
        return coverage


def passage_words(hit: VectorHit) -> str:
    """What the lexical side reads of a passage: its document title and its text."""
    return f"{hit.metadata.get('title', '')} {hit.text}"


_RAW_WORD = re.compile(r"\S+")


def names_and_numbers(text: str) -> set[str]:
    """The lexical words (`bm25_tokens`) of what is written with a capital or holds a digit:
    names, acronyms, years and amounts, the words that keep their form across languages."""
    found: set[str] = set()
    for raw in _RAW_WORD.findall(text):
        letters = [ch for ch in raw if ch.isalpha()]
        if any(ch.isdigit() for ch in raw) or (letters and letters[0].isupper()):
            found.update(bm25_tokens(raw))
    return found


def lexical_coverage(question: set[str], passage: Set[str], document_frequency: Counter[str],
                     passages: int, counted: set[str] | None = None) -> float:
    """The share of the question's lexical information (words weighted by BM25's inverse
    document frequency) that occurs in the passage, 0..1; with `counted`, only those of the
    question's words count as found.

    Words the index has never seen weigh most, so a question in another language than the
    passages, whose words are mostly unknown to them, reaches a high share only through what
    does cross languages (names, numbers, shared terms), and a few frequent words in common
    ("in", "was", "die") stay a small share whatever the language."""
    if not question:
        return 0.0

    def rarity(word: str) -> float:
        df = document_frequency.get(word, 0)
        return math.log((passages - df + 0.5) / (df + 0.5) + 1.0)

    found = question & passage if counted is None else question & passage & counted
    total = sum(rarity(w) for w in question)
    return sum(rarity(w) for w in found) / total if total else 0.0


def _to_bm25s(corpus: list[list[str]]):  # type: ignore[no-untyped-def]
    """bm25s indexes (ids, vocab) tuples; build them from our own tokens."""
    from bm25s.tokenization import Tokenized

    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in corpus]
    return Tokenized(ids=ids, vocab=vocab)


class Retriever:
    """Created once per process; safe to share between request threads."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 database: Database | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings)
        self.db = database or get_database(settings)
        self.index: VectorCollection = open_collection(settings, DOCUMENTS, self.embedder)
        self.sentence_index: VectorCollection = open_collection(settings, SENTENCES,
                                                                self.embedder)
        self.hybrid = settings.hybrid_search
        self.fusion: FusionTuning = for_embedder(FUSION, self.embedder.identity, "fusion")
        self._bm25: _Bm25Index | None = None
        self._bm25_signature: tuple | None = None
        self._bm25_generation = -1
        self._checked_at = 0.0
        self._lock = threading.Lock()
        # The last failure to read the whole index (None once it works again), for /readyz.
        self.store_error: str | None = None

    def _signature(self) -> tuple:
        with self.db.session() as s:
            count, latest = s.execute(
                select(func.count(DocumentRecord.id), func.max(DocumentRecord.updated_at))
            ).one()
        return (count, str(latest), self.index.count())

    def _bm25_index(self) -> _Bm25Index | None:
        # Writes in this process are seen at once (generation); an ingestion in another
        # process is noticed by looking at the registry at most every 2 seconds.
        with self._lock:
            now = time.monotonic()
            written_here = self.index.generation != self._bm25_generation
            if self._bm25 is None or written_here or now - self._checked_at > 2.0:
                self._checked_at = now
                self._bm25_generation = self.index.generation
                try:
                    sig = self._signature()
                    if sig != self._bm25_signature or written_here:
                        hits, vectors = self.index.all_with_vectors()
                        # bm25s cannot index nothing; an empty index has nothing to fuse.
                        self._bm25 = _Bm25Index(hits, vectors) if hits else None
                        self._bm25_signature = sig
                except Exception as exc:
                    # The visitor still gets a dense (or slightly stale hybrid) answer; /readyz
                    # reports the store as failing until a rebuild succeeds.
                    log.warning("the BM25 index could not be refreshed: %s", exc)
                    self.store_error = f"{type(exc).__name__}: {exc}"
                else:
                    self.store_error = None
            return self._bm25

    def warm_up(self) -> None:
        """Build the BM25 index and run the embedder once, so the first visitor does not pay
        for it (a server calls this at start-up)."""
        self.embedder.embed_query("warm-up")
        if self.hybrid:
            self._bm25_index()

    def search(self, query: str, k: int = 5, candidates: int = 30,
               language: str | None = None) -> list[Passage]:
        """The k passages that best answer the query, best first (see `fused_score`).
        `language` is the query's, when the caller knows it; otherwise it is detected."""
        vec = self.embedder.embed_query(query)
        dense = self.index.query(vec, candidates)
        if not dense:
            return []
        by_id = {h.id: h for h in dense}
        bm25 = self._bm25_index() if self.hybrid else None
        if bm25 is not None:
            for i, _ in bm25.top(query, candidates):
                if i not in by_id:
                    known = bm25.hits[i]
                    cosine = float(np.dot(bm25.vectors[bm25.rows[i]], vec))
                    by_id[i] = VectorHit(i, known.text, known.metadata, cosine)
        hits = list(by_id.values())
        best_sentence = self._best_sentence_scores(vec, hits)
        coverage = {} if bm25 is None else bm25.coverage(
            query, hits, language or detect_language(query))
        fused = {h.id: fused_score(h.score, best_sentence[h.id], coverage.get(h.id, 0.0),
                                   self.fusion) for h in hits}
        order = sorted(fused, key=lambda i: fused[i], reverse=True)
        return [_passage(by_id[i]) for i in order[:k]]

    def _best_sentence_scores(self, vec: np.ndarray, hits: list[VectorHit]) -> dict[str, float]:
        """Per candidate chunk, the cosine of its sentence closest to the query, from one
        unfiltered query for the nearest sentences of the whole index. A chunk with none of them
        is not lifted (`fused_score` uses its own cosine): its best sentence is further from
        the question than the fetched ones. (Fetching only the nearest 20 sentences ranks the
        XQuAD development half exactly as fetching all of them; a query filtered to the
        candidates' documents, or for more sentences, costs more and changes nothing.)"""
        best: dict[str, float] = {}
        for s in self.sentence_index.query(vec, self.fusion.sentence_candidates):
            # Sentence ids are "<doc>:<version>:s<n>" and carry their chunk's position.
            prefix, _, _number = s.id.rpartition(":s")
            chunk_id = f"{prefix}:{s.metadata.get('position', 0)}"
            best[chunk_id] = max(best.get(chunk_id, -1.0), s.score)
        return {h.id: best.get(h.id, h.score) for h in hits}

    def best_sentences(self, query: str, doc_ids: list[str], k: int = 12,
                       followers: int = 4) -> list[Passage]:
        """The sentences of the given documents closest in meaning to the query, plus the
        sentence after each of the best `followers` of them.

        The answer often sits in the sentence after the one that matches: "Für Export ist die
        WFS zuständig. Ansprechpartner dort ist ..." reads as nothing on its own ("dort"), so
        it is offered with the score of the sentence it continues, just below it.
        """
        if not doc_ids:
            return []
        vec = self.embedder.embed_query(query)  # cached: the same query was just searched
        where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": doc_ids}}
        found = [_passage(h) for h in self.sentence_index.query(vec, k, where=where)]
        have = {p.id for p in found}
        wanted: dict[str, float] = {}
        for p in found[:followers]:
            prefix, _, number = p.id.rpartition(":s")
            if number.isdigit():
                next_id = f"{prefix}:s{int(number) + 1}"
                if next_id not in have:
                    wanted.setdefault(next_id, p.score - 0.02)
        for hit in self.sentence_index.by_ids(list(wanted)):
            hit.score = wanted[hit.id]
            found.append(_passage(hit))
        return found


def fused_score(chunk_cosine: float, sentence_cosine: float, coverage: float,
                tuning: FusionTuning) -> float:
    """The ranking score: chunk and best-sentence cosines mixed, plus the lexical coverage.

    A sentence only lifts its chunk, never lowers it: FAQ headings ("In welcher Region läuft
    InnoCoopPolSax?") are questions, which the sentence index leaves out, so a chunk can match
    best by a line none of its indexed sentences holds."""
    sentence = max(sentence_cosine, chunk_cosine)
    dense = (1 - tuning.sentence_weight) * chunk_cosine + tuning.sentence_weight * sentence
    return dense + tuning.lexical_weight * coverage


def _passage(h: VectorHit) -> Passage:
    m = h.metadata
    return Passage(
        id=h.id, doc_id=str(m.get("doc_id", "")), title=str(m.get("title", "")),
        source=str(m.get("source", "")), language=str(m.get("language", "")), text=h.text,
        score=round(h.score, 4), position=int(m.get("position", 0)),
        doc_type=str(m.get("doc_type", "")),
    )
