"""Where an answer's time goes, in process: `Assistant.ask` on a data dir (the bench's, by
default) with unique questions, the per-step trace timings and a cProfile of the turns.

    .venv/bin/python scripts/profile_answers.py [--data-dir /tmp/lotse-bench] [--turns 40]
        [--threads 1] [--profile out.prof]

With `--threads N` the turns run from N threads at once (what concurrent users do to the
server), and cProfile is left out (it profiles one thread only).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.questions import unique_questions  # noqa: E402
from bot.core.assistant import Assistant  # noqa: E402
from knowledge.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/lotse-bench"))
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--profile", type=Path, help="also write the cProfile stats here")
    args = parser.parse_args()
    settings = Settings(_env_file=None, LOTSE_DATA_DIR=args.data_dir,  # type: ignore[call-arg]
                        LOTSE_ANSWER_MODE="extractive")
    started = time.perf_counter()
    assistant = Assistant(settings)
    assistant.warm_up()
    print(f"assistant ready in {time.perf_counter() - started:.2f} s")
    for question in unique_questions(4, "warm"):
        assistant.ask(question, channel="bench")
    questions = unique_questions(args.turns, f"p{time.time():.0f}-")
    timings: list[dict[str, float]] = []

    def run(part: list[str]) -> None:
        for question in part:
            timings.append(assistant.ask(question, channel="bench").trace.timings_ms)

    profiler = cProfile.Profile() if args.threads == 1 else None
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
        run(questions)
        profiler.disable()
    else:
        threads = [threading.Thread(target=run, args=(questions[n::args.threads],))
                   for n in range(args.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - started
    print(f"{len(questions)} turns, {args.threads} thread(s): {len(questions) / elapsed:.1f} "
          "answers/s")
    for step in timings[0]:
        values = [t.get(step, 0.0) for t in timings]
        print(f"  {step:14s} p50 {statistics.median(values):7.1f} ms   "
              f"mean {statistics.fmean(values):7.1f} ms")
    if profiler is not None:
        stats = pstats.Stats(profiler)
        if args.profile:
            stats.dump_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
