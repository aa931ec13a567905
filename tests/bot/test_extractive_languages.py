"""One fact once, in the asker's language where a source has it; a true note on the sources'
languages. Hand-made sentences, embedded by the real e5 model."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bot.core.answering.extractive import ExtractiveAnswerer, sources_language_note
from knowledge.embeddings import Embedder
from knowledge.retrieval import Passage


def sentence(doc: str, language: str, n: int, text: str, score: float) -> Passage:
    return Passage(id=f"{doc}:v1:s{n}", doc_id=doc, title=doc, source=f"{doc}.md",
                   language=language, text=text, score=score)


def chunk(doc: str, language: str, score: float) -> Passage:
    return Passage(id=f"{doc}:v1:0", doc_id=doc, title=doc, source=f"{doc}.md",
                   language=language, text="", score=score)


QUESTION = "Jaký je rozpočet projektu Glokalisierung?"
# The German page ranks first and its sentence scores a little higher than the Czech FAQ's.
GERMAN = sentence("glokalisierung", "de", 3, "Das Budget von Glokalisierung beträgt "
                  "610.799,70 Euro, davon trägt die EU 488.639,75 Euro.", 0.90)
CZECH = sentence("faq-cs", "cs", 7, "Rozpočet projektu Glokalisierung činí 610 799,70 eur, "
                 "z toho EU hradí 488 639,75 eur.", 0.88)
OTHER_FACT = sentence("glokalisierung", "de", 5, "Lead Partner von Glokalisierung ist die "
                      "Wirtschaftsförderung Sachsen GmbH aus Dresden.", 0.84)
PASSAGES = [chunk("glokalisierung", "de", 0.86), chunk("faq-cs", "cs", 0.85)]


def embedded(embedder: Embedder) -> Callable[[list[Passage]], np.ndarray]:
    """The sentences' vectors as the sentence index stores them (passage embeddings)."""
    def vectors(sentences: list[Passage]) -> np.ndarray:
        return embedder.embed_passages([s.text for s in sentences])
    return vectors


def test_the_askers_language_wins_over_a_translation_of_the_same_fact(
        embedder: Embedder) -> None:
    answerer = ExtractiveAnswerer(embed=embedded(embedder))
    selection = answerer.select(QUESTION, PASSAGES, "cs", [GERMAN, CZECH, OTHER_FACT])
    quoted = [text for _, text in selection.sentences]
    assert CZECH.text in quoted
    assert GERMAN.text not in quoted


def test_without_the_embedder_both_versions_are_quoted() -> None:
    # The control for the test above: only the similarity of meaning merges them.
    selection = ExtractiveAnswerer().select(QUESTION, PASSAGES, "cs", [GERMAN, CZECH])
    assert {text for _, text in selection.sentences} == {GERMAN.text, CZECH.text}


def test_different_facts_in_two_languages_both_stay(embedder: Embedder) -> None:
    czech_lead = sentence("faq-cs", "cs", 8, "Vedoucím partnerem projektu Glokalisierung je "
                          "Wirtschaftsförderung Sachsen GmbH z Drážďan.", 0.88)
    # A wide margin keeps every candidate that is not merged away.
    answerer = ExtractiveAnswerer(embed=embedded(embedder), margin=10.0)
    selection = answerer.select(QUESTION, PASSAGES, "cs", [GERMAN, czech_lead])
    assert {text for _, text in selection.sentences} == {GERMAN.text, czech_lead.text}


def test_the_note_names_only_the_sources_in_another_language() -> None:
    czech_faq, german_page = chunk("faq-cs", "cs", 0.9), chunk("glokalisierung", "de", 0.8)
    note = sources_language_note([czech_faq, german_page], "cs")
    assert note == "(Napsáno v němčině: [2].)"
    assert sources_language_note([german_page], "cs") == "(Zdroje jsou napsány v němčině.)"
    assert sources_language_note([czech_faq], "cs") == ""
