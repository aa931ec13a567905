"""Retrieval quality on a data set in the BEIR layout, through the production pipeline.

The corpus is ingested with the real `Ingestor` into a throw-away data directory and every query
goes through the real `Retriever` (dense + BM25 when enabled), so the numbers describe what users
get, not an idealised index. Passages are folded to documents by their first appearance.

Three modes: `hybrid` (the production default), `dense` (the same store, BM25 off) and `plain`
(the embedder alone: each whole document embedded with the "passage: " prefix, ranked by cosine,
no chunking, no titles, no fusion), the yardstick Lotse's retrieval must not fall below.
Several folders that share one corpus (the same `corpus.jsonl` bytes, e.g. one set of documents
with questions in several languages) are ingested or embedded once.
"""

from __future__ import annotations

import csv
import hashlib
import json
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, get_args

import numpy as np
import yaml

from bot.evaluation.metrics import ndcg_at, percentile, recall_at, reciprocal_rank_at
from knowledge.embeddings import Embedder, get_embedder
from knowledge.settings import Settings


class BeirFormatError(ValueError):
    """The folder is not a BEIR data set; the message says which file and line is wrong."""


@dataclass
class BeirDataset:
    corpus: dict[str, tuple[str, str]]          # doc id -> (title, text)
    queries: dict[str, str]                     # query id -> text
    qrels: dict[str, dict[str, int]]            # query id -> doc id -> grade


@dataclass
class QueryOutcome:
    query_id: str
    ranking: list[str]
    latency_ms: float
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr_at_10: float
    ndcg_at_10: float


@dataclass
class RetrievalReport:
    dataset: str
    documents: int
    chunks: int
    queries: int
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr_at_10: float
    ndcg_at_10: float
    latency_p50_ms: float
    latency_p95_ms: float
    hybrid: bool
    embedder: str
    mode: str = "hybrid"
    per_query: list[QueryOutcome] = field(default_factory=list)

    def as_dict(self, with_queries: bool = False) -> dict:
        data = asdict(self)
        if not with_queries:
            data.pop("per_query")
        return data


def _read_jsonl(path: Path, required: tuple[str, ...]) -> list[dict]:
    if not path.is_file():
        raise BeirFormatError(f"{path} is missing")
    rows: list[dict] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BeirFormatError(f"{path.name} line {line_no}: not JSON ({exc.msg})") from exc
            missing = [key for key in required if key not in row]
            if missing:
                raise BeirFormatError(f"{path.name} line {line_no}: missing {', '.join(missing)}")
            rows.append(row)
    return rows


def load_beir(folder: Path, split: str = "test") -> BeirDataset:
    folder = Path(folder)
    corpus = {str(r["_id"]): (str(r.get("title") or ""), str(r["text"]))
              for r in _read_jsonl(folder / "corpus.jsonl", ("_id", "text"))}
    queries = {str(r["_id"]): str(r["text"])
               for r in _read_jsonl(folder / "queries.jsonl", ("_id", "text"))}
    qrels_path = folder / "qrels" / f"{split}.tsv"
    if not qrels_path.is_file():
        raise BeirFormatError(f"{qrels_path} is missing")
    qrels: dict[str, dict[str, int]] = {}
    with qrels_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["query-id", "corpus-id", "score"]:
            raise BeirFormatError(f"{qrels_path.name}: the first line must be the header "
                                  "'query-id<TAB>corpus-id<TAB>score'")
        for line_no, row in enumerate(reader, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 3:
                raise BeirFormatError(f"{qrels_path.name} line {line_no}: expected 3 columns")
            query_id, doc_id, grade = row[0].strip(), row[1].strip(), row[2].strip()
            try:
                qrels.setdefault(query_id, {})[doc_id] = int(float(grade))
            except ValueError as exc:
                raise BeirFormatError(
                    f"{qrels_path.name} line {line_no}: score '{grade}' is not a number") from exc
    return BeirDataset(corpus, queries, qrels)


def _write_corpus(dataset: BeirDataset, folder: Path) -> dict[Path, str]:
    """One Markdown file per document (title in the front matter, as our own corpus does)."""
    paths: dict[Path, str] = {}
    for n, (doc_id, (title, text)) in enumerate(dataset.corpus.items()):
        path = folder / f"doc-{n:07d}.md"
        # A blank title keeps the reader from inventing one out of the file name.
        front = yaml.safe_dump({"title": title or " "}, allow_unicode=True)
        path.write_text(f"---\n{front}---\n{text}\n", encoding="utf-8")
        paths[path] = doc_id
    return paths


Progress = Callable[[str, int, int], None]
Mode = Literal["hybrid", "dense", "plain"]
MODES: tuple[str, ...] = get_args(Mode)


def beir_folders(paths: list[Path]) -> list[Path]:
    """The data sets named: a folder with a corpus.jsonl is one, a folder without one stands
    for its sub-folders that have one (e.g. one per question language), in name order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if (path / "corpus.jsonl").is_file() or not path.is_dir():
            found.append(path)
            continue
        children = sorted(c for c in path.iterdir() if (c / "corpus.jsonl").is_file())
        if not children:
            raise BeirFormatError(f"{path} holds no corpus.jsonl, nor do its sub-folders")
        found.extend(children)
    return list(dict.fromkeys(found))


def corpus_fingerprint(folder: Path) -> str:
    """Folders whose corpus.jsonl has the same bytes share one ingested or embedded corpus."""
    path = Path(folder) / "corpus.jsonl"
    if not path.is_file():
        raise BeirFormatError(f"{path} is missing")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _judged(dataset: BeirDataset) -> list[str]:
    judged = [qid for qid in dataset.queries
              if any(g > 0 for g in dataset.qrels.get(qid, {}).values())]
    if not judged:
        raise BeirFormatError("no query has a relevant document in the qrels")
    return judged


# A ranker takes a query and a depth and returns document ids (BEIR ids), best first.
Ranker = Callable[[str, int], list[str]]


@contextmanager
def _lotse_ranker(dataset: BeirDataset, settings: Settings, embedder: Embedder, hybrid: bool,
                  progress: Progress | None) -> Iterator[tuple[Ranker, int]]:
    """Lotse's own retrieval over the corpus, ingested into a temporary store; yields the
    ranker and the number of chunks written."""
    from ingestion.pipeline import Ingestor, document_id
    from knowledge.db import forget_database
    from knowledge.retrieval import Retriever

    with tempfile.TemporaryDirectory(prefix="lotse-beir-") as tmp:
        root = Path(tmp)
        (root / "corpus").mkdir()
        files = _write_corpus(dataset, root / "corpus")
        beir_id = {document_id(path): doc_id for path, doc_id in files.items()}
        store = settings.model_copy(update={"data_dir": root / "data", "database_url": None,
                                            "chroma_url": None, "hybrid_search": hybrid})
        try:
            report = Ingestor(store, embedder).ingest(
                [root / "corpus"],
                progress=(lambda done, total, _p: progress("ingest", done, total))
                if progress else None)
            if report.failed:
                first = report.failed[0]
                raise BeirFormatError(f"{len(report.failed)} documents could not be ingested, "
                                      f"e.g. {first.path}: {first.reason}")
            retriever = Retriever(store, embedder)
            retriever.search("warm-up", k=1)  # builds the BM25 index outside the timings

            def rank(query: str, depth: int) -> list[str]:
                # Several passages can come from one document: ask for more, fold to documents.
                passages = retriever.search(query, k=depth * 4, candidates=max(30, depth * 4))
                return list(dict.fromkeys(beir_id.get(p.doc_id, p.doc_id)
                                          for p in passages))[:depth]

            yield rank, report.chunks_written
        finally:
            forget_database(store)


@contextmanager
def _plain_ranker(dataset: BeirDataset, embedder: Embedder,
                  progress: Progress | None) -> Iterator[tuple[Ranker, int]]:
    """The embedder alone: whole documents (text only, as the model card evaluates it),
    exact cosine over all of them."""
    ids = list(dataset.corpus)
    batch = 32
    parts: list[np.ndarray] = []
    for start in range(0, len(ids), batch):
        texts = [dataset.corpus[i][1] for i in ids[start:start + batch]]
        parts.append(embedder.embed_passages(texts))
        if progress:
            progress("embed", min(start + batch, len(ids)), len(ids))
    matrix = np.vstack(parts) if parts else np.zeros((0, embedder.dim), dtype=np.float32)

    def rank(query: str, depth: int) -> list[str]:
        scores = matrix @ embedder.embed_query(query)
        best = np.argsort(-scores, kind="stable")[:depth]
        return [ids[int(n)] for n in best]

    yield rank, len(ids)


def _score(dataset: BeirDataset, rank: Ranker, depth: int,
           progress: Progress | None) -> list[QueryOutcome]:
    judged = _judged(dataset)
    outcomes: list[QueryOutcome] = []
    for n, query_id in enumerate(judged):
        if progress:
            progress("query", n, len(judged))
        started = time.perf_counter()
        ranking = rank(dataset.queries[query_id], depth)
        latency = (time.perf_counter() - started) * 1000
        judgements = dataset.qrels[query_id]
        outcomes.append(QueryOutcome(
            query_id=query_id, ranking=ranking, latency_ms=round(latency, 2),
            recall_at_1=recall_at(ranking, judgements, 1),
            recall_at_5=recall_at(ranking, judgements, 5),
            recall_at_10=recall_at(ranking, judgements, 10),
            mrr_at_10=reciprocal_rank_at(ranking, judgements, 10),
            ndcg_at_10=ndcg_at(ranking, judgements, 10)))
    if progress:
        progress("query", len(judged), len(judged))
    return outcomes


def _report(folder: Path, dataset: BeirDataset, chunks: int, outcomes: list[QueryOutcome],
            mode: str, embedder: Embedder) -> RetrievalReport:
    def mean(name: str) -> float:
        return round(sum(getattr(o, name) for o in outcomes) / len(outcomes), 4)

    latencies = [o.latency_ms for o in outcomes]
    return RetrievalReport(
        dataset=str(folder), documents=len(dataset.corpus), chunks=chunks, queries=len(outcomes),
        recall_at_1=mean("recall_at_1"), recall_at_5=mean("recall_at_5"),
        recall_at_10=mean("recall_at_10"), mrr_at_10=mean("mrr_at_10"),
        ndcg_at_10=mean("ndcg_at_10"),
        latency_p50_ms=round(percentile(latencies, 50), 2),
        latency_p95_ms=round(percentile(latencies, 95), 2),
        hybrid=mode == "hybrid", embedder=embedder.identity, mode=mode, per_query=outcomes)


def evaluate_retrievals(folders: list[Path], settings: Settings, *, mode: Mode = "hybrid",
                        embedder: Embedder | None = None, depth: int = 10,
                        progress: Callable[[Path, str, int, int], None] | None = None,
                        ) -> list[RetrievalReport]:
    """Score every folder (in the given order); a corpus shared by several folders is ingested
    (or, in `plain` mode, embedded) once. `progress(folder, stage, done, total)` with the
    stages `ingest`/`embed` (once per corpus) and `query`."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    folders = [Path(f) for f in folders]
    datasets = {folder: load_beir(folder) for folder in folders}  # format errors before work
    for dataset in datasets.values():
        _judged(dataset)
    groups: dict[str, list[Path]] = {}
    for folder in folders:
        groups.setdefault(corpus_fingerprint(folder), []).append(folder)
    embedder = embedder or get_embedder(settings)

    def told(folder: Path) -> Progress | None:
        if progress is None:
            return None
        return lambda stage, done, total: progress(folder, stage, done, total)

    reports: dict[Path, RetrievalReport] = {}
    for members in groups.values():
        first = datasets[members[0]]
        ranker = (_plain_ranker(first, embedder, told(members[0])) if mode == "plain" else
                  _lotse_ranker(first, settings, embedder, mode == "hybrid", told(members[0])))
        with ranker as (rank, chunks):
            for folder in members:
                outcomes = _score(datasets[folder], rank, depth, told(folder))
                reports[folder] = _report(folder, datasets[folder], chunks, outcomes, mode,
                                          embedder)
    return [reports[folder] for folder in folders]


def evaluate_retrieval(folder: Path, settings: Settings, *, embedder: Embedder | None = None,
                       depth: int = 10, mode: Mode | None = None,
                       progress: Progress | None = None) -> RetrievalReport:
    """Ingest the corpus into a temporary store and score every judged query. Without a
    `mode`, hybrid or dense follows the settings (`LOTSE_HYBRID_SEARCH`)."""
    chosen: Mode = mode or ("hybrid" if settings.hybrid_search else "dense")
    return evaluate_retrievals(
        [folder], settings, mode=chosen, embedder=embedder, depth=depth,
        progress=(lambda _f, stage, done, total: progress(stage, done, total))
        if progress else None)[0]
