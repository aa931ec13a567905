"""Ingestion: files -> clean text -> chunks -> embeddings -> vector index + document registry.

Incremental by content hash: an unchanged document costs one hash and one lookup, a changed one
is replaced (new chunks written before the old ones are removed, so a crash never leaves a
document without chunks), and `prune` removes documents whose files are gone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ingestion.chunking import chunk_text
from ingestion.readers import SourceDocument, UnreadableDocument, iter_source_files, read_document
from knowledge.db import Database, DocumentRecord, get_database, utcnow
from knowledge.embeddings import Embedder, get_embedder
from knowledge.language import detect_language
from knowledge.sentences import is_quotable, split_sentences
from knowledge.settings import Settings
from knowledge.vectorstore import DOCUMENTS, SENTENCES, VectorCollection, open_collection

# Bumped when chunking, the embedded text or the stored metadata changes (5: sources of the
# bundled corpus shown relative; 6: `translation_of` on every passage; 7: Polish and Czech
# language-name abbreviations no longer end a sentence), so every document is re-embedded once.
PIPELINE_VERSION = "7"

# The checkout (or installed tree) Lotse runs from: files below it are shown relative to it,
# so "knowledge/corpus/faq/faq-de.md" reads the same whether the CLI, `lotse bootstrap` or the
# console's re-ingest (which holds absolute paths) wrote it, and never reveals server folders.
PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class IngestFailure:
    path: str
    reason: str


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[IngestFailure] = field(default_factory=list)
    chunks_written: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added), "updated": len(self.updated),
            "unchanged": len(self.unchanged), "removed": len(self.removed),
            "failed": len(self.failed), "chunks_written": self.chunks_written,
        }


# Called as progress(done, total, current_path) so a CLI can draw a bar and the console a status.
Progress = Callable[[int, int, str], None]


def document_id(path: Path) -> str:
    """Stable id from the resolved path: readable stem plus a short hash against collisions."""
    resolved = str(path.resolve())
    stem = "".join(ch if ch.isalnum() else "-" for ch in path.stem.lower()).strip("-")[:40]
    return f"{stem}-{hashlib.sha1(resolved.encode()).hexdigest()[:8]}"


def shown_source(path: Path, previous: DocumentRecord | None = None,
                 data_dir: Path | None = None) -> str:
    """The path users see for a file: relative to the project when it lies inside it; else as
    it was first named when that was relative (re-ingesting by absolute path from elsewhere
    must not change it); else relative to the data dir (console uploads: "uploads/x.pdf") or
    to the working directory; else as given."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        pass
    if previous is not None and not Path(previous.source).is_absolute() \
            and "://" not in previous.source:
        return previous.source
    for base in ([Path(data_dir)] if data_dir is not None else []) + [Path.cwd()]:
        try:
            return resolved.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def content_hash(doc: SourceDocument) -> str:
    h = hashlib.sha256()
    h.update(PIPELINE_VERSION.encode())
    h.update(doc.title.encode())
    h.update(repr(sorted(doc.metadata.items())).encode())
    h.update(doc.text.encode())
    return h.hexdigest()


class Ingestor:
    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 database: Database | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings)
        self.db = database or get_database(settings)
        self._index: VectorCollection | None = None
        self._sentences: VectorCollection | None = None
        # The vector store opens on the first write: importing and opening Chroma costs several
        # times what a no-change re-ingest of the bundled corpus needs (hashing the files and
        # one registry read). When the registry is empty or names another embedder, a write
        # (or the refusal of a mismatched index, EmbedderMismatch) is coming: open it now, so
        # the refusal comes from here as callers expect.
        with self.db.session() as s:
            embedders = set(s.scalars(select(DocumentRecord.embedder).distinct()))
        if embedders != {self.embedder.identity}:
            self._open_stores()

    def _open_stores(self) -> tuple[VectorCollection, VectorCollection]:
        if self._index is None or self._sentences is None:
            self._index = open_collection(self.settings, DOCUMENTS, self.embedder)
            # Every sentence gets its own vector too: the extractive engine picks answer
            # sentences by meaning, across languages, without embedding anything at question
            # time.
            self._sentences = open_collection(self.settings, SENTENCES, self.embedder)
        return self._index, self._sentences

    @property
    def index(self) -> VectorCollection:
        return self._open_stores()[0]

    @property
    def sentences(self) -> VectorCollection:
        return self._open_stores()[1]

    def rebuild(self) -> None:
        """Forget every document (e.g. after switching embedders); the next ingest re-embeds."""
        self.index.drop()
        self.sentences.drop()
        with self.db.session() as s:
            s.query(DocumentRecord).delete()

    def ingest(self, paths: Iterable[Path], prune: bool = False,
               progress: Progress | None = None, force: bool = False) -> IngestReport:
        """`force` re-reads and re-embeds files even when their content hash is unchanged
        (a staff member's explicit re-ingest)."""
        roots = [Path(p) for p in paths]
        report = IngestReport()
        missing = [p for p in roots if not p.exists()]
        for p in missing:
            report.failed.append(IngestFailure(str(p), "no such file or folder"))
        files = iter_source_files([p for p in roots if p.exists()])
        with self.db.session() as s:
            known = {r.id: r for r in s.scalars(select(DocumentRecord))}
        for n, path in enumerate(files):
            if progress:
                progress(n, len(files), str(path))
            self._ingest_file(path, known, report, force)
        if progress:
            progress(len(files), len(files), "")
        if prune:
            self._prune(roots, known, report)
        return report

    def _ingest_file(self, path: Path, known: dict[str, DocumentRecord],
                     report: IngestReport, force: bool = False) -> None:
        doc_id = document_id(path)
        try:
            doc = read_document(path)
        except UnreadableDocument as exc:
            # The report pairs path and reason; the exception's own text names the file again.
            report.failed.append(IngestFailure(str(path), exc.reason))
            return
        except OSError as exc:
            report.failed.append(IngestFailure(str(path), f"cannot be read ({exc.strerror})"))
            return
        digest = content_hash(doc)
        previous = known.get(doc_id)
        source = str(doc.metadata.get("source_url")
                     or shown_source(path, previous, self.settings.data_dir))
        # A stored source that differs (an absolute path written by an older version) is
        # rewritten once; otherwise an unchanged file costs nothing.
        if (not force and previous is not None and previous.content_hash == digest
                and previous.embedder == self.embedder.identity
                and previous.source == source):
            report.unchanged.append(str(path))
            return
        try:
            written = self._write(doc_id, path, doc, digest, previous, source)
        except Exception as exc:  # an embedder or store failure must not stop the whole run
            report.failed.append(IngestFailure(str(path), f"could not be indexed: {exc}"))
            return
        report.chunks_written += written
        (report.updated if previous else report.added).append(str(path))

    def _write(self, doc_id: str, path: Path, doc: SourceDocument, digest: str,
               previous: DocumentRecord | None, source: str) -> int:
        meta = doc.metadata
        language = str(meta.get("language") or detect_language(doc.text[:4000]) or "und")
        chunks = chunk_text(doc.text)
        # The title travels with every passage: a chunk deep in a page rarely names its subject.
        vectors = self.embedder.embed_passages([f"{doc.title}\n{c}" for c in chunks])
        chunk_ids = [f"{doc_id}:{digest[:8]}:{i}" for i in range(len(chunks))]
        metadatas = [{
            "doc_id": doc_id, "title": doc.title, "source": source, "path": str(path),
            "language": language, "position": i, "doc_type": str(meta.get("type") or ""),
            "region": str(meta.get("region") or ""),
            # A translated document names its German original (corpus-relative), so answers
            # and evaluations can treat both as one document.
            "translation_of": str(meta.get("translation_of") or ""),
        } for i in range(len(chunks))]
        sentences, sentence_meta = _sentences(chunks, metadatas)
        sentence_ids = [f"{doc_id}:{digest[:8]}:s{j}" for j in range(len(sentences))]
        sentence_vectors = self.embedder.embed_passages(sentences)
        old_ids = self.index.ids(where={"doc_id": doc_id}) if previous is not None else []
        old_sentences = (self.sentences.ids(where={"doc_id": doc_id})
                         if previous is not None else [])
        self.sentences.upsert(sentence_ids, sentence_vectors, sentences, sentence_meta)
        self.index.upsert(chunk_ids, vectors, chunks, metadatas)
        stale = [i for i in old_ids if i not in set(chunk_ids)]
        stale_sentences = [i for i in old_sentences if i not in set(sentence_ids)]
        try:
            with self.db.session() as s:
                s.merge(DocumentRecord(
                    id=doc_id, source=source, title=doc.title, language=language,
                    doc_type=meta.get("type"), region=meta.get("region"),
                    content_hash=digest, chunk_count=len(chunks),
                    embedder=self.embedder.identity,
                    meta={k: str(v) for k, v in meta.items()} | {"path": str(path.resolve())},
                    updated_at=utcnow(),
                ))
        except Exception:
            # The registry did not take the new version: withdraw its chunks, keep the old ones.
            self.index.delete(ids=chunk_ids)
            self.sentences.delete(ids=sentence_ids)
            raise
        self.index.delete(ids=stale)
        self.sentences.delete(ids=stale_sentences)
        return len(chunks)

    def _prune(self, roots: list[Path], known: dict[str, DocumentRecord],
               report: IngestReport) -> None:
        resolved_roots = [r.resolve() for r in roots]
        for rec in known.values():
            path = Path(rec.meta.get("path", rec.source))
            inside = any(path == r or r in path.parents for r in resolved_roots)
            if inside and not path.exists():
                self.delete_document(rec.id)
                report.removed.append(rec.source)

    def delete_document(self, doc_id: str) -> bool:
        with self.db.session() as s:
            rec = s.get(DocumentRecord, doc_id)
            if rec is None:
                return False
            s.delete(rec)
        self.index.delete(where={"doc_id": doc_id})
        self.sentences.delete(where={"doc_id": doc_id})
        return True


def _sentences(chunks: list[str], metadatas: list[dict]) -> tuple[list[str], list[dict]]:
    """Each sentence of a document once (chunks overlap), with its chunk's metadata."""
    seen: set[str] = set()
    texts: list[str] = []
    metas: list[dict] = []
    for chunk, meta in zip(chunks, metadatas, strict=True):
        for sentence in split_sentences(chunk):
            key = " ".join(sentence.split())
            # Unquotable sentences would take the answer engine's few candidate slots.
            if len(key) < 25 or key in seen or not is_quotable(key):
                continue
            seen.add(key)
            texts.append(key)
            metas.append(meta)
    return texts, metas
