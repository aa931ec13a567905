"""Chroma collections that remember which embedder filled them.

Embedded `PersistentClient` under the data directory by default (or the Chroma server a running
`lotse serve` started on that directory, see `knowledge/chroma_server.py`), a Chroma server
when `CHROMA_URL` is set. Vectors are always computed by our own `Embedder`; Chroma's built-in
embedding functions (which would download a model) are never used.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

import numpy as np

from knowledge.embeddings import Embedder
from knowledge.settings import Settings

if TYPE_CHECKING:
    from knowledge.chroma_server import LocalStore

_T = TypeVar("_T")

DOCUMENTS = "lotse-documents"
SENTENCES = "lotse-sentences"
ORGANISATIONS = "lotse-organisations"


class EmbedderMismatch(RuntimeError):
    """The index was built by another embedder; comparing its vectors would be garbage."""


@dataclass
class VectorHit:
    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    score: float = 0.0  # cosine similarity, higher is better


# Bumped on every write to a collection in this process, so readers in the same process (the
# console ingesting while the web app answers) see new content at once, without polling.
# Keyed by the store's location (`location_key`) and the collection's name, so a reader can
# ask before it has opened the store.
_generations: dict[tuple[str, str], int] = {}
_generation_lock = threading.Lock()


def location_key(settings: Settings) -> str:
    """Which store a process reaches: the server's URL, or the embedded directory."""
    return settings.chroma_url or str(settings.chroma_dir.resolve())


def write_generation(settings: Settings, name: str) -> int:
    """How many writes this process has made to collection `name` of the settings' store,
    without opening it (see `_generations`)."""
    return _generations.get((location_key(settings), name), 0)


class WriteMarker:
    """A file beside the embedded index whose content changes after every write to it by any
    Lotse process (`VectorCollection._written`), so that a reader knows whether a copy it saved
    is still the index there is without opening Chroma (importing and opening it is most of
    a `lotse ask`'s start). Writers replace the token after their write, readers read it before
    they read the vectors: a copy saved under a token holds every write made before that token,
    and any later write gives another one. With `CHROMA_URL` there is no marker (other machines
    write there); readers ask the store itself."""

    def __init__(self, chroma_dir: Path) -> None:
        self.path = chroma_dir.with_name(f"{chroma_dir.name}.written")

    @classmethod
    def of(cls, settings: Settings) -> WriteMarker | None:
        """The marker of the settings' embedded index: also in a process that reaches it
        through the Chroma server a `lotse serve` runs on it (its settings carry that
        server's URL, `knowledge.chroma_server.index_served_by_this_process`); None for a
        Chroma server of its own (`CHROMA_URL`)."""
        if not settings.chroma_url:
            return cls(settings.chroma_dir)
        from knowledge.chroma_server import published_path

        try:
            published = json.loads(published_path(settings.chroma_dir).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        served_here = isinstance(published, dict) and published.get("url") == settings.chroma_url
        return cls(settings.chroma_dir) if served_here else None

    def token(self) -> str:
        """The current token; a new one is made when there is none yet (an index from before
        markers), which is safe by the same order: what is read after it holds every write."""
        try:
            return self.path.read_text(encoding="ascii")
        except FileNotFoundError:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with open(self.path, "x", encoding="ascii") as fh:
                    token = uuid.uuid4().hex
                    fh.write(token)
                return token
            except FileExistsError:  # made by another process meanwhile
                return self.path.read_text(encoding="ascii")

    def bump(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(
            f"{self.path.name}.{os.getpid()}.{threading.get_ident()}")
        partial.write_text(uuid.uuid4().hex, encoding="ascii")
        partial.replace(self.path)  # whole or not at all, for a reader meanwhile


class VectorCollection:
    def __init__(self, client: Any, name: str, embedder: Embedder, location: str | None = None,
                 marker: WriteMarker | None = None) -> None:
        self.name = name
        self.embedder = embedder
        self._client = client
        self._location = location or f"client:{id(client)}"
        self._marker = marker
        self._col = client.get_or_create_collection(
            name,
            metadata={"embedder": embedder.identity, "hnsw:space": "cosine"},
            embedding_function=None,
        )
        built_by = (self._col.metadata or {}).get("embedder")
        if built_by and built_by != embedder.identity:
            if self._col.count() == 0:
                self._col.modify(metadata={"embedder": embedder.identity})
                self._written()  # a copy saved by the other embedder's process is stale
            else:
                raise EmbedderMismatch(
                    f"The index '{name}' was built with the embedder '{built_by}', but Lotse is "
                    f"configured to use '{embedder.identity}'. Vectors of different models "
                    "cannot be compared. Either switch LOTSE_EMBEDDINGS back, or rebuild the "
                    "index with the new embedder: `lotse ingest --rebuild PATH...`."
                )

    def _run(self, operation: Callable[[Any], _T]) -> _T:
        """Run `operation` on the collection; when another process dropped and recreated it
        (`lotse ingest --rebuild` beside a running server), reopen it by name once."""
        try:
            return operation(self._col)
        except Exception as exc:
            from chromadb.errors import NotFoundError

            if not isinstance(exc, NotFoundError):
                raise
            self._col = self._client.get_or_create_collection(
                self.name,
                metadata={"embedder": self.embedder.identity, "hnsw:space": "cosine"},
                embedding_function=None,
            )
            return operation(self._col)

    def count(self) -> int:
        return int(self._run(lambda col: col.count()))

    def probe(self) -> None:
        """Read one entry with its vector and run one nearest-neighbour query: what answering
        needs, which counting alone does not prove (raises when the store cannot serve)."""
        got = self._run(lambda col: col.get(limit=1, include=["embeddings"]))
        if len(got["ids"]):
            vector = np.asarray(got["embeddings"][0])
            self._run(lambda col: col.query(query_embeddings=[vector], n_results=1,
                                            include=[]))

    @property
    def generation(self) -> int:
        """How many writes this process has made to the collection (see `_generations`)."""
        return _generations.get((self._location, self.name), 0)

    def _written(self) -> None:
        with _generation_lock:
            key = (self._location, self.name)
            _generations[key] = _generations.get(key, 0) + 1
        if self._marker is not None:
            self._marker.bump()

    def upsert(self, ids: list[str], vectors: np.ndarray, texts: list[str],
               metadatas: list[dict[str, Any]]) -> None:
        try:
            for start in range(0, len(ids), 1000):
                batch = slice(start, start + 1000)
                self._run(lambda col, batch=batch: col.upsert(  # type: ignore[misc]
                    ids=ids[batch], embeddings=vectors[batch], documents=texts[batch],
                    metadatas=metadatas[batch]))
        finally:  # a write cut short may still have changed the index
            self._written()

    def delete(self, ids: list[str] | None = None, where: dict[str, Any] | None = None) -> None:
        if ids is not None and not ids:
            return
        try:
            self._run(lambda col: col.delete(ids=ids, where=where))
        finally:
            self._written()

    def ids(self, where: dict[str, Any] | None = None) -> list[str]:
        return list(self._run(lambda col: col.get(where=where, include=[]))["ids"])

    def all(self, where: dict[str, Any] | None = None) -> list[VectorHit]:
        got = self._run(lambda col: col.get(where=where, include=["documents", "metadatas"]))
        return [VectorHit(i, d or "", m or {}) for i, d, m in
                zip(got["ids"], got["documents"], got["metadatas"], strict=True)]

    def by_ids(self, ids: list[str]) -> list[VectorHit]:
        """The entries with these ids (those that exist), without scores."""
        if not ids:
            return []
        got = self._run(lambda col: col.get(ids=ids, include=["documents", "metadatas"]))
        return [VectorHit(i, d or "", m or {}) for i, d, m in
                zip(got["ids"], got["documents"], got["metadatas"], strict=True)]

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these ids (those that exist), for comparing entries with each
        other without embedding them again."""
        if not ids:
            return {}
        got = self._run(lambda col: col.get(ids=ids, include=["embeddings"]))
        return {i: np.asarray(v, dtype=np.float32)
                for i, v in zip(got["ids"], got["embeddings"], strict=True)}

    def all_with_vectors(self) -> tuple[list[VectorHit], np.ndarray]:
        """Every entry and its vector (rows in the same order), for in-memory side indexes."""
        got = self._run(lambda col: col.get(include=["documents", "metadatas", "embeddings"]))
        hits = [VectorHit(i, d or "", m or {}) for i, d, m in
                zip(got["ids"], got["documents"], got["metadatas"], strict=True)]
        if not hits:
            return [], np.zeros((0, self.embedder.dim), dtype=np.float32)
        return hits, np.asarray(got["embeddings"], dtype=np.float32)

    def query(self, vector: np.ndarray, k: int,
              where: dict[str, Any] | None = None) -> list[VectorHit]:
        # No count() first: Chroma caps n_results itself, and count() costs as much as a query.
        res = self._run(lambda col: col.query(
            query_embeddings=[vector], n_results=k, where=where,
            include=["documents", "metadatas", "distances"]))
        return [VectorHit(i, d or "", m or {}, 1.0 - float(dist)) for i, d, m, dist in
                zip(res["ids"][0], res["documents"][0], res["metadatas"][0],
                    res["distances"][0], strict=True)]

    def drop(self) -> None:
        """Delete the whole collection and start an empty one for the current embedder."""
        try:
            self._client.delete_collection(self.name)
            self._col = self._client.get_or_create_collection(
                self.name,
                metadata={"embedder": self.embedder.identity, "hnsw:space": "cosine"},
                embedding_function=None,
            )
        finally:
            self._written()


_lock = threading.Lock()
_clients: dict[str, Any] = {}
# The embedded directories this process reaches, and how (see knowledge/chroma_server.py).
_local_stores: dict[str, LocalStore] = {}


def _http_client(address: str) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    url = urlparse(address)
    return chromadb.HttpClient(
        host=url.hostname or "localhost",
        port=url.port or (443 if url.scheme == "https" else 8000),
        ssl=url.scheme == "https",
        settings=ChromaSettings(anonymized_telemetry=False),
    )


def get_chroma_client(settings: Settings) -> Any:
    """One Chroma client per location and process.

    Without `CHROMA_URL` the data directory's index is opened embedded, unless a `lotse serve`
    owns it: then this process talks to the Chroma server that one runs on it, because Chroma's
    embedded mode is not safe for several processes on one directory.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    # Here, not at the top: it imports httpx, which a command that never opens the index (a
    # no-change re-ingest) should not pay for.
    from knowledge.chroma_server import attach_local_store

    key = location_key(settings)
    with _lock:
        if key not in _clients:
            if settings.chroma_url:
                _clients[key] = _http_client(settings.chroma_url)
            else:
                store = attach_local_store(settings.chroma_dir)
                _local_stores[key] = store
                if store.url:
                    _clients[key] = _http_client(store.url)
                else:
                    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                    _clients[key] = chromadb.PersistentClient(
                        path=str(settings.chroma_dir),
                        settings=ChromaSettings(anonymized_telemetry=False),
                    )
        return _clients[key]


def forget_chroma_client(settings: Settings) -> None:
    """Close this process's hold on a data directory's index (tests that hand a directory to
    another process; the next use opens it again)."""
    key = location_key(settings)
    with _lock:
        client = _clients.pop(key, None)
        store = _local_stores.pop(key, None)
    if client is not None:
        # Chroma keeps one embedded system per path; closing the last client stops it, so
        # the files are really closed before the lock is given up.
        client.close()
    if store is not None:
        from knowledge.chroma_server import release_local_store

        release_local_store(store)


def open_collection(settings: Settings, name: str, embedder: Embedder) -> VectorCollection:
    return VectorCollection(get_chroma_client(settings), name, embedder,
                            location=location_key(settings), marker=WriteMarker.of(settings))
