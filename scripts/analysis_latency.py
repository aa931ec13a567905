"""Query analysis time, the question's embedding excluded (issue 10: p95 under 5 ms).

Every question of the given golden-format files is embedded once, up front; then
`QueryAnalyser.analyse(question, language, vector)` runs over all of them `--rounds` times
after one warm-up round (gazetteer, trade matcher, intent examples and the records' vocabulary
built, per-word caches filled as a running server has them). Printed: the count, p50, p95 and
the maximum in milliseconds. Run it on an idle machine: on a shared one the p95 is the
scheduler's.

    PYTHONPATH=. .venv/bin/python scripts/analysis_latency.py /tmp/h2/demo \\
        knowledge/golden/golden.yaml knowledge/golden/dev.yaml
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("golden", type=Path, nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from bot.evaluation.golden import load_golden
    from knowledge.companies.search import CompanySearch
    from knowledge.settings import Settings

    search = CompanySearch(Settings(LOTSE_DATA_DIR=args.data_dir))
    questions = [(" ".join([*q.history, q.question]), q.language)
                 for path in args.golden for q in load_golden(path)]
    vectors = search.store.embedder.embed_queries([text for text, _lang in questions])
    analyser = search.analyser
    for (text, lang), vector in zip(questions, vectors, strict=True):  # warm-up round
        analyser.analyse(text, lang, vector)
    timings: list[float] = []
    for _round in range(args.rounds):
        for (text, lang), vector in zip(questions, vectors, strict=True):
            start = time.perf_counter()
            analyser.analyse(text, lang, vector)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    print(f"{len(timings)} analyses: p50 {statistics.median(timings):.2f} ms, "
          f"p95 {p95:.2f} ms, max {timings[-1]:.2f} ms")


if __name__ == "__main__":
    main()
