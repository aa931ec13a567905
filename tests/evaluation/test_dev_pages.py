"""The raw-page questions (knowledge/golden/dev-pages.yaml): the five seed pages ingested as they
are, and the noisy HTML pages of tests/data/noisy_pages/, each on a data dir of its own with the
real ingestion and the real assistant. The seed half skips where ../shared is absent (a user's
clone); the noisy pages are in the repository and always run."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.evaluation.golden import GoldenQuestion, load_golden, run_golden
from ingestion.pipeline import Ingestor
from knowledge.db import forget_database
from knowledge.embeddings import Embedder
from tests.conftest import REPO_ROOT, make_settings, require_seeds

DEV_PAGES = REPO_ROOT / "knowledge" / "golden" / "dev-pages.yaml"
NOISY_PAGES = REPO_ROOT / "tests" / "data" / "noisy_pages"
QUESTIONS = load_golden(DEV_PAGES)


# Failing when this set was written (2026-12-01), for reasons outside reading and cleaning the
# pages: the fact is in a retrieved passage (often ranked second with the same score as the
# first) but the extractive engine quotes sentences of the first passage only; a question that
# names a Polish programme is taken for Polish; a question about a teaser that cleaning removed
# is answered from another passage. A listed question that starts passing is progress; any other
# failure fails the test.
KNOWN_FAILING = {
    "seed-innocooppolsax-area-en",
    "seed-glokalisierung-associated-cs", "seed-things-trained-de", "seed-things-services-cs",
    "seed-teaser-swiss-plastics-expo-de",
    "page-boerse-table-cs", "page-bon-budget-en", "page-bon-consultant-cs",
    "page-klastr-table-de",
}


def _questions(prefix: str) -> list[GoldenQuestion]:
    return [q for q in QUESTIONS if q.id.startswith(prefix)]


def _failures(pages: Path, data_dir: Path, embedder: Embedder, prefix: str) -> dict[str, list]:
    settings = make_settings(data_dir)
    try:
        report = Ingestor(settings, embedder).ingest([pages])
        assert report.added and not report.failed, report.failed
        run = run_golden(Assistant(settings), _questions(prefix))
        return {r.id: [*r.failures, r.answer[:300]] for r in run.results
                if not r.passed and r.id not in KNOWN_FAILING}
    finally:
        forget_database(settings)


def test_the_set_covers_both_groups_in_four_languages() -> None:
    for prefix in ("seed-", "page-"):
        group = _questions(prefix)
        assert {q.language for q in group} == {"de", "en", "pl", "cs"}, prefix
        assert any(not q.expect_answered for q in group), prefix
    ids = {q.id for q in QUESTIONS}
    assert {"seed-alpcluster-workshop-place-en", "seed-innocooppolsax-budget-cs"} <= ids
    assert len(ids) == len(QUESTIONS)
    assert KNOWN_FAILING <= ids


def test_noisy_page_questions_are_answered_right(tmp_path: Path, embedder: Embedder) -> None:
    assert _failures(NOISY_PAGES, tmp_path / "data", embedder, "page-") == {}


def test_seed_page_questions_are_answered_right(tmp_path: Path, embedder: Embedder) -> None:
    seeds = require_seeds()
    assert _failures(seeds, tmp_path / "data", embedder, "seed-") == {}


@pytest.mark.parametrize("page", sorted(NOISY_PAGES.glob("*.html")), ids=lambda p: p.name)
def test_noisy_pages_lose_their_chrome_and_keep_their_facts(page: Path) -> None:
    from ingestion.readers import read_document

    text = read_document(page).text
    lines = {line.strip() for line in text.splitlines()}
    for chrome in ("Startseite", "Strona główna", "Úvod", "Impressum", "Akceptuję", "Rozumím",
                   "Alle akzeptieren", "mehr...", "Czytaj więcej", "více...", "Anzeige"):
        assert chrome not in lines, (page.name, chrome)
    for gone in ("Cookies", "cookies", "cookie", "Hoyerswerda", "turystyki", "Hrádku nad Nisou",
                 "Datenschutz", "Brückenstraße"):
        assert gone not in text, (page.name, gone)
    # Table rows keep their column names: a row quoted alone still says what its values are.
    assert "|---" not in text
