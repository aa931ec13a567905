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
import os
import pickle
import re
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Set
from dataclasses import asdict, dataclass
from pathlib import Path

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
    WriteMarker,
    open_collection,
    write_generation,
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
        # `lexical_coverage` for every passage at once (30-60 per question): the question's
        # words in one order, their rarities once per language, and per passage a mask of the
        # words it holds. The same terms as `lexical_coverage`, summed in another order.
        question = set(bm25_tokens(query))
        words = list(question)
        crossing = names_and_numbers(query) & question
        crossing_mask = np.array([w in crossing for w in words], dtype=bool)
        # Only words of the index can be in one of its passages.
        known = np.array([n for n, w in enumerate(words) if w in self.word_id], dtype=np.intp)
        known_ids = np.array([self.word_id[words[n]] for n in known], dtype=np.int32)
        rarities_of: dict[str, tuple[np.ndarray, float]] = {}
        coverage: dict[str, float] = {}
        for h in passages:
            language = str(h.metadata.get("language", ""))
            weights = rarities_of.get(language)
            if weights is None:
                weights = rarities_of[language] = self._rarities(words, language)
            rarities, total = weights
            row = self.word_ids.get(h.id)
            if row is None:  # written after this index was built
                own: Set[str] = frozenset(bm25_tokens(passage_words(h)))
                present = np.array([w in own for w in words], dtype=bool)
            else:
                present = np.zeros(len(words), dtype=bool)
                if len(known) and len(row):
                    # `row` is sorted: where each known word would stand in it, and whether
                    # it stands there.
                    at = np.minimum(np.searchsorted(row, known_ids), len(row) - 1)
                    present[known] = row[at] == known_ids
            if not (query_language and language == query_language):
                present &= crossing_mask
            coverage[h.id] = float(rarities[present].sum()) / total if total else 0.0
        return coverage

    def _rarities(self, words: list[str], language: str) -> tuple[np.ndarray, float]:
        """Each word's rarity among the passages of `language` (`lexical_coverage`), and
        their sum."""
        frequency = self.document_frequency.get(language, Counter())
        passages = self.passages_per_language[language]
        rarities = [math.log((passages - df + 0.5) / (df + 0.5) + 1.0)
                    for df in (frequency.get(w, 0) for w in words)]
        return np.array(rarities, dtype=np.float64), sum(rarities)


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


class _IndexSnapshot:
    """Every chunk and sentence of the index with its vector, in memory, searched exactly.

    Answering reads the index three or four times per question (nearest chunks, nearest
    sentences, the best sentences of the top documents and their followers); through Chroma's
    server each read is an HTTP round trip (8-12 ms per answer, docs/PERFORMANCE.md). The
    whole index is read anyway for the lexical side, so the same copy answers those reads: one
    matrix product over 10,000 x 384 floats is about a millisecond, and exact instead of HNSW's
    approximate neighbours. Replaced whenever the index changes (`Retriever._snapshot`)."""

    def __init__(self, chunks: list[VectorHit], chunk_vectors: np.ndarray,
                 sentences: list[VectorHit], sentence_vectors: np.ndarray,
                 hybrid: bool) -> None:
        self.chunks = chunks
        self.chunk_vectors = _unit_rows(chunk_vectors)
        self.sentences = sentences
        self.sentence_vectors = _unit_rows(sentence_vectors)
        self.sentence_row = {h.id: n for n, h in enumerate(sentences)}
        self.sentence_rows_of: dict[str, list[int]] = {}
        for n, h in enumerate(sentences):
            self.sentence_rows_of.setdefault(str(h.metadata.get("doc_id", "")), []).append(n)
        # bm25s cannot index nothing; an empty index has nothing to fuse. One copy of the
        # vectors (15 MB for 10,000 chunks) serves both sides.
        self.bm25 = _Bm25Index(chunks, self.chunk_vectors) if hybrid and chunks else None

    def nearest_chunks(self, vector: np.ndarray, k: int) -> list[VectorHit]:
        return _nearest(self.chunks, self.chunk_vectors, None, vector, k)

    def nearest_sentences(self, vector: np.ndarray, k: int,
                          doc_ids: list[str] | None = None) -> list[VectorHit]:
        rows = None
        if doc_ids is not None:
            rows = np.array(sorted(n for d in doc_ids for n in self.sentence_rows_of.get(d, [])),
                            dtype=np.int64)
        return _nearest(self.sentences, self.sentence_vectors, rows, vector, k)

    def sentences_by_id(self, ids: list[str]) -> list[VectorHit]:
        found = [self.sentences[self.sentence_row[i]] for i in ids if i in self.sentence_row]
        return [VectorHit(h.id, h.text, h.metadata) for h in found]

    def vectors_of_sentences(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The (unit) vectors of these sentences, those the copy holds."""
        return {i: self.sentence_vectors[self.sentence_row[i]] for i in ids
                if i in self.sentence_row}


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1, so a dot product is the cosine Chroma reports."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if not len(vectors):
        return vectors
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _nearest(hits: list[VectorHit], vectors: np.ndarray, rows: np.ndarray | None,
             vector: np.ndarray, k: int) -> list[VectorHit]:
    """The k rows (of `rows`, or all) most similar to `vector`, best first, as scored copies."""
    if rows is not None:
        vectors = vectors[rows]
    if not len(vectors) or k <= 0:
        return []
    query = np.asarray(vector, dtype=np.float32)
    query = query / (float(np.linalg.norm(query)) or 1.0)
    scores = vectors @ query
    k = min(k, len(scores))
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    out: list[VectorHit] = []
    for n in best:
        h = hits[int(rows[n]) if rows is not None else int(n)]
        out.append(VectorHit(h.id, h.text, h.metadata, float(scores[n])))
    return out


class Retriever:
    """Created once per process; safe to share between request threads."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 database: Database | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings)
        self.db = database or get_database(settings)
        # The collections are opened on first use: a process whose saved copy of the index is
        # current (`_signature` through the write marker) never imports or opens Chroma.
        self._index: VectorCollection | None = None
        self._sentence_index: VectorCollection | None = None
        self._open_lock = threading.Lock()
        self._marker = WriteMarker.of(settings)
        self.hybrid = settings.hybrid_search
        self.fusion: FusionTuning = for_embedder(FUSION, self.embedder.identity, "fusion")
        self._loaded: _IndexSnapshot | None = None
        self._loaded_signature: tuple | None = None
        self._loaded_generation = -1
        self._checked_at = 0.0
        self._lock = threading.Lock()
        # The last failure to read the whole index (None once it works again), for /readyz.
        self.store_error: str | None = None
        if not self._saved_copy_is_current():
            # Opening a collection checks which embedder built it: a mismatch is refused here,
            # at once. A current saved copy was made from this index by this embedder, and
            # no write has happened since, so it needs no such check.
            _ = self.index, self.sentence_index

    @property
    def index(self) -> VectorCollection:
        """The chunks' collection (opened on first use; raises `EmbedderMismatch` then)."""
        with self._open_lock:
            if self._index is None:
                self._index = open_collection(self.settings, DOCUMENTS, self.embedder)
            return self._index

    @property
    def sentence_index(self) -> VectorCollection:
        with self._open_lock:
            if self._sentence_index is None:
                self._sentence_index = open_collection(self.settings, SENTENCES, self.embedder)
            return self._sentence_index

    def _generation(self) -> int:
        """Writes this process made to either collection, read without opening them."""
        return (write_generation(self.settings, DOCUMENTS)
                + write_generation(self.settings, SENTENCES))

    def _signature(self) -> tuple:
        # The vectors' state first, then the copy is read (`WriteMarker`'s order).
        if self._marker is not None:
            vectors: tuple = ("written", self._marker.token())
        else:
            # Both counts: a writer removes a replaced document's old chunks and sentences in
            # two steps, and a copy read between them must not keep the old sentences.
            vectors = (self.index.count(), self.sentence_index.count())
        with self.db.session() as s:
            count, latest = s.execute(
                select(func.count(DocumentRecord.id), func.max(DocumentRecord.updated_at))
            ).one()
        return (count, str(latest), *vectors)

    def _snapshot(self) -> _IndexSnapshot | None:
        """The in-memory copy of the index (`_IndexSnapshot`); None when it has never been
        read (the store failing), in which case callers query the store itself."""
        # Writes in this process are seen at once (generation); an ingestion in another
        # process is noticed by looking at the registry at most every 2 seconds.
        with self._lock:
            now = time.monotonic()
            written_here = self._loaded is not None and (
                self._generation() != self._loaded_generation)
            if self._loaded is None or written_here or now - self._checked_at > 2.0:
                self._checked_at = now
                self._loaded_generation = self._generation()
                try:
                    sig = self._signature()
                    if sig != self._loaded_signature or written_here or self._loaded is None:
                        saved = None if written_here else self._saved_snapshot(sig)
                        if saved is not None:
                            self._loaded = saved
                        else:
                            chunks, chunk_vectors = self.index.all_with_vectors()
                            sentences, sentence_vectors = self.sentence_index.all_with_vectors()
                            self._loaded = _IndexSnapshot(chunks, chunk_vectors, sentences,
                                                          sentence_vectors, self.hybrid)
                            self._save_snapshot(sig, self._loaded)
                        self._loaded_signature = sig
                except Exception as exc:
                    # The visitor still gets an answer from the store itself (or a slightly
                    # stale copy); /readyz reports the store as failing until a read succeeds.
                    log.warning("the in-memory index could not be refreshed: %s", exc)
                    self.store_error = f"{type(exc).__name__}: {exc}"
                else:
                    self.store_error = None
            return self._loaded

    # The copy is kept in the data dir too: reading 10,000 chunks from Chroma and building the
    # lexical index took most of a `lotse ask` and of a server's start; loading the file is a
    # fraction of that. It is only used when it was made from exactly the index there is now
    # (the signature, the embedder, hybrid or not, this format). The file is the process's own
    # state, trusted like the SQLite file beside it.
    # 2: the vectors' state is the write marker's token where there is one; key and copy are
    # two pickles.
    _SAVED_FORMAT = 2

    def _saved_key(self, signature: tuple) -> tuple:
        return (self._SAVED_FORMAT, self.embedder.identity, self.hybrid, signature)

    def _saved_path(self) -> Path:
        return self.settings.data_dir / "index-snapshot.pickle"

    def _saved_copy_is_current(self) -> bool:
        """Whether the saved copy was made from the index there is now, read without opening
        Chroma (only with the write marker, `WriteMarker`) and without loading the copy."""
        if self._marker is None:
            return False
        try:
            signature = self._signature()
            with self._saved_path().open("rb") as fh:
                return bool(pickle.load(fh) == self._saved_key(signature))
        except Exception:  # no copy, one from another version, the registry unreadable
            return False

    def _saved_snapshot(self, signature: tuple) -> _IndexSnapshot | None:
        # The file holds two pickles, the key and then the copy, so that the key is read alone.
        try:
            with self._saved_path().open("rb") as fh:
                if pickle.load(fh) != self._saved_key(signature):
                    return None
                snapshot = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a file from another version or cut short: rebuild it
            log.info("the saved index copy is not usable (%s); rebuilding it", exc)
            return None
        return snapshot if isinstance(snapshot, _IndexSnapshot) else None

    def _save_snapshot(self, signature: tuple, snapshot: _IndexSnapshot) -> None:
        path = self._saved_path()
        partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            with partial.open("wb") as fh:
                pickle.dump(self._saved_key(signature), fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(snapshot, fh, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(path)  # whole or not at all, for a process reading it meanwhile
        except OSError as exc:  # a read-only data dir: every start rebuilds, as before
            log.info("the index copy could not be saved: %s", exc)
            partial.unlink(missing_ok=True)

    def _bm25_index(self) -> _Bm25Index | None:
        snapshot = self._snapshot()
        return snapshot.bm25 if snapshot is not None else None

    def warm_up(self) -> None:
        """Build the BM25 index and run the embedder once, so the first visitor does not pay
        for it (a server calls this at start-up)."""
        self.embedder.embed_query("warm-up")
        self._snapshot()

    def search(self, query: str, k: int = 5, candidates: int = 30,
               language: str | None = None) -> list[Passage]:
        """The k passages that best answer the query, best first (see `fused_score`).
        `language` is the query's, when the caller knows it; otherwise it is detected."""
        vec = self.embedder.embed_query(query)
        snapshot = self._snapshot()
        dense = (snapshot.nearest_chunks(vec, candidates) if snapshot is not None
                 else self.index.query(vec, candidates))
        if not dense:
            return []
        by_id = {h.id: h for h in dense}
        bm25 = snapshot.bm25 if snapshot is not None else None
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
        snapshot = self._snapshot()
        nearest = (snapshot.nearest_sentences(vec, self.fusion.sentence_candidates)
                   if snapshot is not None
                   else self.sentence_index.query(vec, self.fusion.sentence_candidates))
        for s in nearest:
            # Sentence ids are "<doc>:<version>:s<n>" and carry their chunk's position.
            prefix, _, _number = s.id.rpartition(":s")
            chunk_id = f"{prefix}:{s.metadata.get('position', 0)}"
            best[chunk_id] = max(best.get(chunk_id, -1.0), s.score)
        return {h.id: best.get(h.id, h.score) for h in hits}

    def sentence_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these sentences (those that exist), for comparing sentences
        with each other without embedding them again: from the in-memory copy, as unit
        vectors (the store's are unit length to within 1e-7), so that answering does not open
        the store; from the store when there is no copy."""
        snapshot = self._snapshot()
        if snapshot is not None:
            return snapshot.vectors_of_sentences(ids)
        return self.sentence_index.vectors(ids)

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
        snapshot = self._snapshot()
        if snapshot is not None:
            nearest = snapshot.nearest_sentences(vec, k, doc_ids)
        else:
            where = ({"doc_id": doc_ids[0]} if len(doc_ids) == 1
                     else {"doc_id": {"$in": doc_ids}})
            nearest = self.sentence_index.query(vec, k, where=where)
        found = [_passage(h) for h in nearest]
        have = {p.id for p in found}
        wanted: dict[str, float] = {}
        for p in found[:followers]:
            prefix, _, number = p.id.rpartition(":s")
            if number.isdigit():
                next_id = f"{prefix}:s{int(number) + 1}"
                if next_id not in have:
                    wanted.setdefault(next_id, p.score - 0.02)
        followers_found = (snapshot.sentences_by_id(list(wanted)) if snapshot is not None
                           else self.sentence_index.by_ids(list(wanted)))
        for hit in followers_found:
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
