"""A translated document counts as its original when a question set names the German file:
the sets name `projekte/...md`, and a Czech answer from the Czech translation found the right
document. Real ingestion, real assistant, a data dir holding only the translation."""

from __future__ import annotations

from pathlib import Path

from bot.core.assistant import Assistant
from bot.evaluation.golden import GoldenQuestion, run_golden
from ingestion.pipeline import Ingestor
from knowledge.embeddings import Embedder
from knowledge.settings import Settings

CZECH_TRANSLATION = """---
title: "Veletrh Budyšín 2027 – kooperační burza"
language: cs
type: project
translation_of: projekte/messe-bautzen-2027.md
---
# Veletrh Budyšín 2027

Překlad: toto je český překlad německého dokumentu projekte/messe-bautzen-2027.md.

Kooperační burza Veletrh Budyšín 2027 se koná 12. května 2027 v Budyšíně. Pořadatelem
kooperační burzy Veletrh Budyšín 2027 je obchodní komora Horní Lužice.
"""


def test_a_translation_matches_the_original_named_in_expect_sources(
        settings: Settings, embedder: Embedder, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus" / "projekte"
    corpus.mkdir(parents=True)
    # A file name unlike the original's, so only `translation_of` can tie the two together.
    (corpus / "veletrh-budysin.cs.md").write_text(CZECH_TRANSLATION, encoding="utf-8")
    report = Ingestor(settings, embedder).ingest([corpus])
    assert len(report.added) == 1
    question = GoldenQuestion(
        id="translation-counts-as-original", question="Kdy se koná Veletrh Budyšín 2027?",
        language="cs", expect_sources=["projekte/messe-bautzen-2027.md"])
    run = run_golden(Assistant(settings), [question])
    (result,) = run.results
    assert result.checks["sources"] is True, result.failures
