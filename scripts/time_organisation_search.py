"""Milliseconds per organisation search (query embedding included) on a data dir, in process.

    .venv/bin/python scripts/time_organisation_search.py /tmp/lotse-bench

Used for before/after pairs of knowledge/companies/search.py (docs/PERFORMANCE.md): run it on
the same data dir against two checkouts (PYTHONPATH=<checkout>) one after the other.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from knowledge.companies.search import CompanySearch
from knowledge.settings import Settings

QUESTIONS = [
    "Wer in Tschechien kann für uns pulverbeschichten?",
    "CNC machining partner in Saxony",
    "Szukam firmy, która programuje sterowniki PLC",
    "Hledám dodavatele vstřikování plastů v Liberci",
    "Who offers laser cutting in Poland?",
    "Lackieren mit Pulver in Tschechien",
]


def main(data_dir: Path, rounds: int = 3) -> None:
    search = CompanySearch(Settings(_env_file=None, LOTSE_DATA_DIR=data_dir))  # type: ignore[call-arg]
    search.warm()
    for question in QUESTIONS:  # load the in-memory copy and warm the caches first
        search.search(question, "de")
    start = time.perf_counter()
    for _ in range(rounds):
        for question in QUESTIONS:
            hits = search.search(question, "de")
    per_search = (time.perf_counter() - start) / (rounds * len(QUESTIONS)) * 1000
    print(f"{per_search:.1f} ms per search; last top 3: {[h.id for h in hits[:3]]}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
