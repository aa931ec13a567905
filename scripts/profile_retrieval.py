"""CPU of one document search beyond its query embedding: `Retriever.search` over the bench
questions on a data dir, the query vectors made first (the embedder's query cache then answers
them), so the figure is the ranking alone (chunks, sentences, lexical coverage, fusion).

    .venv/bin/python scripts/profile_retrieval.py --data-dir /tmp/lotse-bench [--questions 60]
        [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.questions import unique_questions  # noqa: E402
from knowledge.retrieval import Retriever  # noqa: E402
from knowledge.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/lotse-bench"))
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile")
    args = parser.parse_args()
    settings = Settings(_env_file=None, LOTSE_DATA_DIR=args.data_dir)  # type: ignore[call-arg]
    retriever = Retriever(settings)
    retriever.warm_up()
    questions = unique_questions(args.questions, f"r{time.time():.0f}-")
    for question in questions:  # embedded here, outside the measured searches
        retriever.embedder.embed_query(question)
    started = time.process_time()
    for question in questions:
        retriever.search(question, k=5)
    cpu_ms = (time.process_time() - started) / len(questions) * 1000
    print(f"Retriever.search: {cpu_ms:.1f} ms CPU per question ({len(questions)} questions, "
          "query embeddings excluded)")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for question in questions:
            retriever.search(question, k=5)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
