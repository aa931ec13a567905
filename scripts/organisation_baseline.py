"""Report-only baseline for organisation questions: the embedder alone (the whole question,
history included, against each organisation's profile vector; no query understanding, no
filters), counted like `companies_top3` of `lotse eval answers`.

    PYTHONPATH=. .venv/bin/python scripts/organisation_baseline.py \
        knowledge/golden/test.yaml /tmp/lotse-eval/test
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.evaluation.golden import load_golden
from knowledge.companies.store import PROFILE, CompanyStore
from knowledge.settings import Settings


def main(golden: Path, data_dir: Path) -> None:
    store = CompanyStore(Settings(LOTSE_DATA_DIR=data_dir))
    questions = [q for q in load_golden(golden) if q.expect_companies]
    found = 0
    for q in questions:
        vector = store.embedder.embed_query(" ".join([*q.history, q.question]))
        top = [h.metadata["org_id"]
               for h in store.vectors.query(vector, k=3, where={"part": PROFILE})]
        found += any(wanted in top for wanted in q.expect_companies)
    print(f"{golden.name}: embedder alone, expected organisation in top 3: "
          f"{found}/{len(questions)} = {found / len(questions):.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
