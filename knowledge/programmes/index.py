"""Semantic search over the catalogue: "money for a trade fair in Brno" finds the trade-fair
programmes, whatever language the question and the descriptions are in.

Each programme gets one vector per catalogue language (see `passages`), in a Chroma collection
of its own. The collection is derived from the SQL catalogue:
`sync()` embeds only programmes whose content hash changed and drops the ones that are gone,
so an import, the console's edit form or another process's write all reach it the same way. A
question is compared with every vector in memory (the catalogue is small) and a programme
scores with its best language.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import numpy as np

from knowledge.db import get_database
from knowledge.embeddings import Embedder, get_embedder
from knowledge.programmes.reasons import purpose_label
from knowledge.programmes.records import LANGUAGES, ProgrammeRecord
from knowledge.programmes.store import ProgrammeStore
from knowledge.settings import Settings
from knowledge.vectorstore import (
    EmbedderMismatch,
    VectorCollection,
    get_chroma_client,
    open_collection,
)

PROGRAMMES = "lotse-programmes"
# Part of every vector's stamp: raising it re-embeds the catalogue after a change to what
# `passages` writes (the records' own hashes do not see that).
PASSAGE_VERSION = 1
log = logging.getLogger("lotse.programmes")


def passages(record: ProgrammeRecord) -> dict[str, str]:
    """language -> the text embedded for that language: name, funder, the purposes in that
    language and the description.

    Every catalogue language gets a passage, also where the record has no text in it: the
    small multilingual embedder matches a question far better within one language than across
    languages, so a programme described only in German is reached from a Czech question
    through the Czech names of its purposes (from the reason texts' labels), beside the
    description in the language it has."""
    languages = list(dict.fromkeys([*LANGUAGES, *record.description, *record.names]))
    out: dict[str, str] = {}
    for language in languages:
        purposes = ", ".join(purpose_label(p, language) for p in record.purposes)
        description = record.text(record.description, language) or ""
        parts = [record.name(language), record.funder, purposes, description]
        out[language] = ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())
    return out


@dataclass
class _Snapshot:
    signature: str
    generation: int
    records: dict[str, ProgrammeRecord]
    owners: list[str]          # programme id of each matrix row
    matrix: np.ndarray         # unit vectors, one row per (programme, language)


class ProgrammeIndex:
    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 store: ProgrammeStore | None = None) -> None:
        self.settings = settings
        self.store = store or ProgrammeStore(get_database(settings))
        self._embedder = embedder
        self._vectors: VectorCollection | None = None
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        # The process's embedder (one per configuration), never a model of our own.
        if self._embedder is None:
            self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def vectors(self) -> VectorCollection:
        if self._vectors is None:
            try:
                self._vectors = open_collection(self.settings, PROGRAMMES, self.embedder)
            except EmbedderMismatch:
                # Unlike the document index, this collection is derived wholly from the SQL
                # catalogue: after a change of embedder it is rebuilt, not refused.
                log.warning("programme index built by another embedder: rebuilding it with %s",
                            self.embedder.identity)
                get_chroma_client(self.settings).delete_collection(PROGRAMMES)
                self._vectors = open_collection(self.settings, PROGRAMMES, self.embedder)
        return self._vectors

    def sync(self) -> int:
        """Bring the vectors in line with the catalogue; returns how many programmes were
        (re-)embedded."""
        wanted = {ident: f"{content}:{PASSAGE_VERSION}"
                  for ident, content in self.store.hashes().items()}
        present: dict[str, str] = {}
        stale_ids: list[str] = []
        for hit in self.vectors.all():
            owner = str(hit.metadata.get("programme_id", ""))
            content = str(hit.metadata.get("content_hash", ""))
            if wanted.get(owner) != content:
                stale_ids.append(hit.id)
            else:
                present[owner] = content
        changed = {ident for ident in wanted if ident not in present}
        records = [r for r in self.store.all() if r.id in changed] if changed else []
        ids: list[str] = []
        texts: list[str] = []
        metadatas: list[dict[str, str]] = []
        for record in records:
            for language, text in passages(record).items():
                ids.append(f"{record.id}::{language}")
                texts.append(text)
                metadatas.append({"programme_id": record.id, "language": language,
                                  "content_hash": wanted[record.id]})
        # Embed before changing anything, so a failing embeddings endpoint leaves the old
        # vectors in place.
        matrix = self.embedder.embed_passages(texts) if texts else None
        replaced = set(ids)
        self.vectors.delete([i for i in stale_ids if i not in replaced])
        if matrix is not None:
            self.vectors.upsert(ids, matrix, texts, metadatas)
        return len(records)

    def _current(self) -> _Snapshot:
        signature = self.store.signature()
        with self._lock:
            snapshot = self._snapshot
            if snapshot is not None and snapshot.signature == signature and \
                    snapshot.generation == self.vectors.generation:
                return snapshot
            self.sync()
            hits, matrix = self.vectors.all_with_vectors()
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            matrix = matrix / np.where(norms == 0, 1.0, norms)
            records = {r.id: r for r in self.store.all()}
            owners = [str(h.metadata.get("programme_id", "")) for h in hits]
            self._snapshot = _Snapshot(signature, self.vectors.generation, records, owners,
                                       matrix)
            return self._snapshot

    def search(self, text: str, k: int) -> list[tuple[ProgrammeRecord, float]]:
        """The `k` programmes nearest to `text` (cosine of the best language), best first."""
        if not text.strip() or k <= 0:
            return []
        snapshot = self._current()
        if not snapshot.owners:
            return []
        query = np.asarray(self.embedder.embed_query(text), dtype=np.float32)
        query = query / (np.linalg.norm(query) or 1.0)
        scores = snapshot.matrix @ query
        best: dict[str, float] = {}
        for owner, score in zip(snapshot.owners, scores.tolist(), strict=True):
            if owner in snapshot.records and score > best.get(owner, -2.0):
                best[owner] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [(snapshot.records[ident], score) for ident, score in ranked]
