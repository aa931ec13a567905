"""What the one-owner design costs: retrieval latency with the index embedded in the process
versus the same index behind Chroma's own server (`chroma run`, as `lotse serve` runs it).

    .venv/bin/python scripts/bench_index_over_http.py

Ingests the bundled corpus into a temporary data directory, copies it, serves the copy with
`chroma run` on 127.0.0.1, and times one answer's retrieval (passage search, then the best
sentences of the top documents) for 60 questions on each. Prints one line.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingestion.pipeline import Ingestor  # noqa: E402
from knowledge.chroma_server import heartbeat  # noqa: E402
from knowledge.retrieval import Retriever  # noqa: E402
from knowledge.settings import Settings  # noqa: E402

QUESTIONS = ["Wer ist Lead Partner von InnoCoopPolSax?",
             "Jaký je rozpočet projektu Glokalisierung?",
             "Kto prowadził projekt InnoCoopPolSax?",
             "Who helps with trade fairs abroad?",
             "Welche Förderung gibt es für Messen?"] * 12


def time_retrieval(settings: Settings) -> tuple[float, float]:
    retriever = Retriever(settings)
    retriever.warm_up()
    for question in QUESTIONS[:5]:
        retriever.search(question)
    seconds: list[float] = []
    for question in QUESTIONS:
        started = time.perf_counter()
        passages = retriever.search(question, k=5)
        retriever.best_sentences(question, [p.doc_id for p in passages[:3]])
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return statistics.median(seconds) * 1000, seconds[int(len(seconds) * 0.95)] * 1000


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="lotse-bench-http-"))
    embedded = Settings(_env_file=None, LOTSE_DATA_DIR=root / "embedded")  # type: ignore[call-arg]
    Ingestor(embedded).ingest([REPO / "knowledge" / "corpus"])
    shutil.copytree(root / "embedded", root / "served")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    chroma = subprocess.Popen(
        [str(Path(sys.executable).with_name("chroma")), "run", "--path",
         str(root / "served" / "chroma"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not heartbeat(f"http://127.0.0.1:{port}"):
            time.sleep(0.1)
        local = time_retrieval(embedded)
        served = time_retrieval(Settings(  # type: ignore[call-arg]
            _env_file=None, LOTSE_DATA_DIR=root / "served",
            CHROMA_URL=f"http://127.0.0.1:{port}"))
    finally:
        chroma.terminate()
        chroma.wait()
        shutil.rmtree(root, ignore_errors=True)
    print(f"retrieval per answer, {len(QUESTIONS)} questions: embedded p50 {local[0]:.1f} ms, "
          f"p95 {local[1]:.1f} ms; Chroma server p50 {served[0]:.1f} ms, p95 {served[1]:.1f} ms")


if __name__ == "__main__":
    main()
