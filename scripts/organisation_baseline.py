"""Report-only checks of organisation questions, counted like `companies_top3` of
`lotse eval answers` (an expected organisation among the first 3):

- the embedder alone (default): the whole question, history included, against each
  organisation's profile vector; no query understanding, no filters;
- `--search`: Lotse's organisation search alone (query analysis + CompanySearch, no documents,
  no answer), which runs in seconds instead of minutes; also reports the two halves of the
  questions (split by a hash of their id) so that a change tuned on one half can be checked on
  the other;
- `--search --without-taxonomy`: the same with data/trades.yaml emptied in this process, to
  see how the search does on trades no hand-written list names (what an unseen organisation
  file brings), from the records' own words and the embedding alone.

    PYTHONPATH=. .venv/bin/python scripts/organisation_baseline.py \
        knowledge/golden/test.yaml /tmp/lotse-eval/test
    PYTHONPATH=. .venv/bin/python scripts/organisation_baseline.py \
        knowledge/golden/dev.yaml /tmp/lotse-dev --search --without-taxonomy
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path


def _without_taxonomy() -> None:
    import knowledge.understanding as understanding
    import knowledge.understanding.analysis as analysis
    import knowledge.understanding.trades as trades

    def empty() -> trades.Taxonomy:
        return trades.Taxonomy([])

    trades.taxonomy = empty  # type: ignore[assignment]
    analysis.taxonomy = empty  # type: ignore[assignment]
    understanding.taxonomy = empty  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("golden", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--without-taxonomy", action="store_true")
    args = parser.parse_args()
    if args.without_taxonomy:
        _without_taxonomy()

    from bot.evaluation.golden import load_golden
    from knowledge.companies.search import CompanySearch
    from knowledge.companies.store import PROFILE, CompanyStore
    from knowledge.settings import Settings

    settings = Settings(LOTSE_DATA_DIR=args.data_dir)
    questions = [q for q in load_golden(args.golden) if q.expect_companies]
    search = CompanySearch(settings) if args.search else None
    store = search.store if search else CompanyStore(settings)
    found = {0: [0, 0], 1: [0, 0]}
    for q in questions:
        text = " ".join([*q.history, q.question])
        vector = store.embedder.embed_query(text)
        if search is not None:
            analysis = search.analyser.analyse(text, q.language, vector)
            hits = search.search_detailed(text, q.language, limit=5, analysis=analysis,
                                          vector=vector).hits
            top = [h.id for h in hits[:3]]
        else:
            top = [h.metadata["org_id"]
                   for h in store.vectors.query(vector, k=3, where={"part": PROFILE})]
        half = int(hashlib.sha1(q.id.encode()).hexdigest(), 16) % 2
        found[half][0] += 1
        found[half][1] += any(wanted in top for wanted in q.expect_companies)
    what = ("Lotse's organisation search" if search else "embedder alone") + (
        " without the taxonomy" if args.without_taxonomy else "")
    total = sum(n for n, _ in found.values())
    hits_total = sum(h for _, h in found.values())
    print(f"{args.golden.name}: {what}, expected organisation in top 3: "
          f"{hits_total}/{total} = {hits_total / total:.3f}"
          + (f" (halves {found[0][1]}/{found[0][0]}, {found[1][1]}/{found[1][0]})"
             if search else ""))


if __name__ == "__main__":
    main()
