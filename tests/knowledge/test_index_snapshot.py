"""The in-memory copy of the index answers as the store does, and follows its changes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from ingestion.pipeline import Ingestor
from knowledge.embeddings import Embedder
from knowledge.language import detect_language
from knowledge.retrieval import (
    Retriever,
    bm25_tokens,
    lexical_coverage,
    names_and_numbers,
    passage_words,
)
from knowledge.settings import Settings
from knowledge.vectorstore import EmbedderMismatch, WriteMarker, open_collection

QUESTIONS = ["Wer ist Lead Partner von InnoCoopPolSax?", "How many SMEs took part?",
             "Jaký je rozpočet projektu?", "Kto prowadził projekt?", "Messe in Leipzig"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_nearest_chunks_and_sentences_are_the_stores_own(
        mini_settings: Settings, embedder: Embedder, question: str) -> None:
    retriever = Retriever(mini_settings, embedder)
    snapshot = retriever._snapshot()
    assert snapshot is not None and snapshot.chunks and snapshot.sentences
    vector = embedder.embed_query(question)

    for mine, store in ((snapshot.nearest_chunks(vector, 8), retriever.index.query(vector, 8)),
                        (snapshot.nearest_sentences(vector, 8),
                         retriever.sentence_index.query(vector, 8))):
        assert [h.id for h in mine] == [h.id for h in store]
        assert [h.text for h in mine] == [h.text for h in store]
        assert [round(h.score, 4) for h in mine] == [round(h.score, 4) for h in store]

    doc_id = snapshot.chunks[0].metadata["doc_id"]
    filtered = snapshot.nearest_sentences(vector, 5, [doc_id])
    assert filtered and {h.metadata["doc_id"] for h in filtered} == {doc_id}
    assert [h.id for h in filtered] == [
        h.id for h in retriever.sentence_index.query(vector, 5, where={"doc_id": doc_id})]


def test_a_replaced_document_is_quoted_from_its_new_text_only(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    page = pages / "messe.md"
    page.write_text("# Messe Leipzig\n\nDie Maschinenbaumesse in Leipzig beginnt am 3. März "
                    "und dauert vier Tage.\n", encoding="utf-8")
    ingestor = Ingestor(settings, embedder)
    ingestor.ingest([pages])
    retriever = Retriever(settings, embedder)
    question = "Wann beginnt die Maschinenbaumesse in Leipzig?"
    first = retriever.search(question, k=1)
    assert "März" in first[0].text

    page.write_text("# Messe Leipzig\n\nDie Maschinenbaumesse in Leipzig beginnt am 9. Juni "
                    "und dauert zwei Tage.\n", encoding="utf-8")
    ingestor.ingest([pages])

    passages = retriever.search(question, k=3)
    assert passages and all("März" not in p.text for p in passages)
    sentences = retriever.best_sentences(question, [passages[0].doc_id])
    assert sentences and all("März" not in s.text for s in sentences)
    assert any("Juni" in s.text for s in sentences)


def test_the_saved_copy_is_reused_only_while_the_index_is_unchanged(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "messe.md").write_text("# Messe Leipzig\n\nDie Maschinenbaumesse in Leipzig "
                                    "beginnt am 3. März.\n", encoding="utf-8")
    Ingestor(settings, embedder).ingest([pages])
    first = Retriever(settings, embedder)
    assert first.search("Maschinenbaumesse Leipzig", k=1)
    saved = settings.data_dir / "index-snapshot.pickle"
    made_at = saved.stat().st_mtime_ns
    old_copy = saved.read_bytes()

    # A new reader (a new `lotse ask`) loads the copy instead of rebuilding and saving it.
    assert Retriever(settings, embedder).search("Maschinenbaumesse Leipzig", k=1)
    assert saved.stat().st_mtime_ns == made_at

    (pages / "wasserstoff.md").write_text("# Wasserstoff-Gutschein\n\nDer Wasserstoff-Gutschein "
                                          "fördert Machbarkeitsstudien kleiner Betriebe.\n",
                                          encoding="utf-8")
    Ingestor(settings, embedder).ingest([pages])
    saved.write_bytes(old_copy)  # as if the writer had not refreshed it

    found = Retriever(settings, embedder).search("Wasserstoff-Gutschein Machbarkeitsstudie", k=1)
    assert found and "Wasserstoff" in found[0].title


def test_every_write_to_the_embedded_index_changes_the_write_marker(
        settings: Settings, embedder: Embedder) -> None:
    marker = WriteMarker.of(settings)
    assert marker is not None
    collection = open_collection(settings, "lotse-marker-test", embedder)
    tokens = [marker.token()]
    vectors = embedder.embed_passages(["Messe in Leipzig", "Messe in Brno"])
    collection.upsert(["a", "b"], vectors, ["Messe in Leipzig", "Messe in Brno"],
                      [{"doc_id": "a"}, {"doc_id": "b"}])
    tokens.append(marker.token())
    collection.delete(["a"])
    tokens.append(marker.token())
    collection.delete([])  # nothing to delete: no write
    tokens.append(marker.token())
    collection.drop()
    tokens.append(marker.token())
    assert len(set(tokens)) == 4 and tokens[2] == tokens[3]
    assert WriteMarker.of(settings.model_copy(update={"chroma_url": "http://chroma:8000"})) \
        is None


def test_sentence_vectors_from_the_copy_are_the_stores_own(
        mini_settings: Settings, embedder: Embedder) -> None:
    retriever = Retriever(mini_settings, embedder)
    snapshot = retriever._snapshot()
    assert snapshot is not None
    ids = [h.id for h in snapshot.sentences[:40]] + ["no-such-sentence:s1"]
    mine = retriever.sentence_vectors(ids)
    store = retriever.sentence_index.vectors(ids)
    assert set(mine) == set(store) == set(ids[:-1])
    for sentence_id, vector in store.items():
        assert np.allclose(mine[sentence_id], vector, atol=1e-6)


def test_an_index_of_another_embedder_is_refused_even_beside_a_saved_copy(
        mini_settings: Settings, embedder: Embedder) -> None:
    assert Retriever(mini_settings, embedder).search("InnoCoopPolSax", k=1)  # saves the copy
    assert Retriever(mini_settings, embedder)._saved_copy_is_current()
    with pytest.raises(EmbedderMismatch):
        Retriever(mini_settings, _OtherEmbedder())  # type: ignore[arg-type]


class _OtherEmbedder:
    identity = "test:another-model"
    dim = 384

    def embed_query(self, text: str) -> np.ndarray:
        return np.ones(384, dtype=np.float32) / np.sqrt(384)


@pytest.mark.parametrize("question", QUESTIONS + ["Kdo vedl projekt InnoCoopPolSax v roce 2019?"])
def test_coverage_of_all_candidates_at_once_is_each_passages_own(
        mini_settings: Settings, embedder: Embedder, question: str) -> None:
    snapshot = Retriever(mini_settings, embedder)._snapshot()
    assert snapshot is not None and snapshot.bm25 is not None
    bm25 = snapshot.bm25
    hits = snapshot.nearest_chunks(embedder.embed_query(question), 30)
    language = detect_language(question)
    together = bm25.coverage(question, hits, language)
    words = set(bm25_tokens(question))
    for hit in hits:
        passage_language = str(hit.metadata.get("language", ""))
        alone = lexical_coverage(
            words, set(bm25_tokens(passage_words(hit))),
            bm25.document_frequency.get(passage_language, Counter()),
            bm25.passages_per_language[passage_language],
            counted=None if passage_language == language
            else names_and_numbers(question) & words)
        assert together[hit.id] == pytest.approx(alone, abs=1e-12)
    if "InnoCoopPolSax" in question:  # a name the corpus holds: not all zero
        assert any(value > 0 for value in together.values())


def test_the_server_a_lotse_serve_runs_on_the_directory_keeps_the_marker(
        settings: Settings) -> None:
    from knowledge.chroma_server import published_path

    published_path(settings.chroma_dir).parent.mkdir(parents=True, exist_ok=True)
    published_path(settings.chroma_dir).write_text(
        json.dumps({"url": "http://127.0.0.1:49001", "host_pid": 1}), encoding="utf-8")
    # The host's own settings point at its server (index_served_by_this_process): writes
    # there must change the marker that other processes' copies are keyed by.
    served = WriteMarker.of(settings.model_copy(update={"chroma_url": "http://127.0.0.1:49001"}))
    assert served is not None and served.path == WriteMarker.of(settings).path  # type: ignore[union-attr]
    assert WriteMarker.of(settings.model_copy(update={"chroma_url": "http://chroma:8000"})) is None
