"""VectorCollection against Chroma's own server (`chroma run`), as several processes see it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from knowledge.embeddings import Embedder
from knowledge.vectorstore import VectorCollection, _http_client
from tests.scaleout.conftest import ChromaServer


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma").start()
    yield server
    server.stop()


def _vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    return embedder.embed_passages(texts)


def test_a_collection_rebuilt_by_another_client_is_reopened(chroma: ChromaServer,
                                                            embedder: Embedder) -> None:
    server_side = VectorCollection(_http_client(chroma.url), "lotse-test-docs", embedder)
    server_side.upsert(["old"], _vectors(embedder, ["Alte Messe in Leipzig"]),
                       ["Alte Messe in Leipzig"], [{"doc_id": "old"}])
    assert server_side.count() == 1

    # `lotse ingest --rebuild` in another process drops the collection and fills a new one.
    cli_side = VectorCollection(_http_client(chroma.url), "lotse-test-docs", embedder)
    cli_side.drop()
    cli_side.upsert(["new"], _vectors(embedder, ["Neue Messe in Dresden"]),
                    ["Neue Messe in Dresden"], [{"doc_id": "new"}])

    # The server's handle pointed at the dropped collection; it follows the new one.
    assert server_side.count() == 1
    hits = server_side.query(embedder.embed_query("Messe Dresden"), 1)
    assert [h.id for h in hits] == ["new"]
    server_side.probe()
