"""Passage retrieval: dense search in Chroma, optionally fused with BM25 (bm25s).

The reported score is always the dense cosine similarity, so the answer threshold means the same
with and without BM25; BM25 only changes which passages make the list and in what order.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass

import numpy as np
from sqlalchemy import func, select

from knowledge.db import Database, DocumentRecord, get_database
from knowledge.embeddings import Embedder, get_embedder
from knowledge.settings import Settings
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
        corpus = [bm25_tokens(f"{h.metadata.get('title', '')} {h.text}") for h in hits]
        self.vocab: set[str] = {t for doc in corpus for t in doc}
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

    def search(self, query: str, k: int = 5, candidates: int = 30) -> list[Passage]:
        vec = self.embedder.embed_query(query)
        dense = self.index.query(vec, candidates)
        if not self.hybrid or not dense:
            return [_passage(h) for h in dense[:k]]
        bm25 = self._bm25_index()
        if bm25 is None:
            return [_passage(h) for h in dense[:k]]
        lexical = bm25.top(query, candidates)
        by_id = {h.id: h for h in dense}
        for i, _ in lexical:
            if i not in by_id:
                known = bm25.hits[i]
                cosine = float(np.dot(bm25.vectors[bm25.rows[i]], vec))
                by_id[i] = VectorHit(i, known.text, known.metadata, cosine)
        fused: dict[str, float] = {}
        for rank, h in enumerate(dense):
            fused[h.id] = fused.get(h.id, 0.0) + 1.0 / (60 + rank)
        for rank, (i, _) in enumerate(lexical):
            fused[i] = fused.get(i, 0.0) + 1.0 / (60 + rank)
        order = sorted(fused, key=lambda i: fused[i], reverse=True)
        return [_passage(by_id[i]) for i in order[:k]]


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


def _passage(h: VectorHit) -> Passage:
    m = h.metadata
    return Passage(
        id=h.id, doc_id=str(m.get("doc_id", "")), title=str(m.get("title", "")),
        source=str(m.get("source", "")), language=str(m.get("language", "")), text=h.text,
        score=round(h.score, 4), position=int(m.get("position", 0)),
        doc_type=str(m.get("doc_type", "")),
    )
