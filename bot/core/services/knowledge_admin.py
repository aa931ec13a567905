"""The agency's documents: ingest files, delete a document, start the index afresh, and the
figures `lotse status` and the console show. What `lotse ingest`, `lotse status` and the
console's knowledge pages share; the work itself is ingestion's `Ingestor`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from knowledge.db import Database, DocumentRecord
from knowledge.settings import Settings
from knowledge.vectorstore import DOCUMENTS, EmbedderMismatch, get_chroma_client

if TYPE_CHECKING:
    # Imported when a document is ingested or deleted: `lotse status` only counts rows.
    from ingestion.pipeline import Ingestor, IngestReport, Progress
    from knowledge.embeddings import Embedder

# Faces catch the refusal to mix embedders by this name.
__all__ = ["EmbedderMismatch", "KnowledgeAdmin", "report_summary"]


def report_summary(report: IngestReport) -> dict[str, Any]:
    """An ingestion report as the console's job page shows it (file names, not paths)."""
    return {"counts": report.counts(),
            "added": [Path(p).name for p in report.added],
            "updated": [Path(p).name for p in report.updated],
            "unchanged": [Path(p).name for p in report.unchanged],
            "failed": [{"path": Path(f.path).name, "reason": f.reason} for f in report.failed]}


class KnowledgeAdmin:
    def __init__(self, settings: Settings, embedder: Embedder | None, db: Database,
                 retriever: Any = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._db = db
        self._retriever = retriever

    def ingestor(self, *, rebuild: bool = False) -> Ingestor:
        """The ingestor over this installation's stores. An index built by another embedder
        raises `EmbedderMismatch`, unless `rebuild`: then the index starts afresh."""
        from ingestion.pipeline import Ingestor

        try:
            ingestor = Ingestor(self.settings, self._embedder, self._db)
        except EmbedderMismatch:
            if not rebuild:
                raise
            self.reset_index()
            ingestor = Ingestor(self.settings, self._embedder, self._db)
        if rebuild:
            ingestor.rebuild()
        return ingestor

    def reset_index(self) -> None:
        """Drop the documents' vector collection (the one an embedder change makes useless)."""
        get_chroma_client(self.settings).delete_collection(DOCUMENTS)

    def ingest(self, paths: Iterable[Path], *, prune: bool = False,
               progress: Progress | None = None, force: bool = False) -> IngestReport:
        return self.ingestor().ingest(list(paths), prune=prune, progress=progress, force=force)

    def delete_document(self, doc_id: str) -> bool:
        return self.ingestor().delete_document(doc_id)

    def documents(self) -> list[DocumentRecord]:
        """Every ingested document, the most recently changed first."""
        with self._db.session() as s:
            return list(s.scalars(select(DocumentRecord).order_by(
                DocumentRecord.updated_at.desc(), DocumentRecord.title)))

    def document(self, doc_id: str) -> DocumentRecord | None:
        with self._db.session() as s:
            return s.get(DocumentRecord, doc_id)

    def passages(self) -> int:
        """How many passages the assistant can search (0: nothing ingested yet)."""
        return int(self._retriever.index.count())

    def status(self) -> dict[str, Any]:
        """Documents, passages, document languages and the embedders that built the index."""
        with self._db.session() as s:
            documents = s.scalar(select(func.count(DocumentRecord.id))) or 0
            chunks = s.scalar(select(func.sum(DocumentRecord.chunk_count))) or 0
            languages = dict(s.execute(
                select(DocumentRecord.language, func.count(DocumentRecord.id))
                .group_by(DocumentRecord.language)).all())
            embedders = sorted(set(s.scalars(select(DocumentRecord.embedder))))
        return {"documents": documents, "chunks": int(chunks), "languages": languages,
                "embedders": embedders}
