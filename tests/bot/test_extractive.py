"""The extractive answerer's sentence choice, on hand-made passages (no stores needed)."""

from __future__ import annotations

from bot.core.answering.extractive import ExtractiveAnswerer, question_cues
from knowledge.retrieval import Passage


def sentence(doc: str, n: int, text: str, score: float) -> Passage:
    return Passage(id=f"{doc}:abcd1234:s{n}", doc_id=doc, title="Export", source=f"{doc}.md",
                   language="en", text=text, score=score)


# The ranked chunk the sentences come from (its text plays no part once sentences are given).
CHUNK = Passage(id="faq:abcd1234:0", doc_id="faq", title="Export", source="faq.md",
                language="en", text="", score=0.9)

FIRST = sentence("faq", 5, "For exports and trade fairs abroad, the contact in Saxony is the "
                           "foreign trade department of the development agency.", 0.93)
QUESTION = "Whom do I contact about trade fairs in Saxony?"


def test_cue_words_match_at_word_starts_only() -> None:
    # "kto" (who) sits inside "skontaktować" (to contact): only the contact cue applies.
    assert question_cues("Jak skontaktować się z TGZ Bautzen?") == {"contact"}
    assert question_cues("Kto prowadził projekt InnoCoopPolSax?") == {"who"}
    assert question_cues("An wen wende ich mich wegen Messen?") == {"contact"}


def test_the_sentence_after_a_chosen_one_is_added_when_it_holds_the_asked_fact() -> None:
    sentences = [
        FIRST,
        sentence("faq", 6, "The contact person there is Zygmunt Potocki, phone "
                           "+49 351 2138-132.", 0.78),
        sentence("faq", 9, "Chambers of commerce also advise companies on foreign trade "
                           "and on customs rules.", 0.88),
    ]
    answerer = ExtractiveAnswerer(max_sentences=1)
    chosen = answerer.select(QUESTION, [CHUNK], "en", sentences)
    texts = [text for _, text in chosen.sentences]
    assert texts[0].startswith("For exports and trade fairs abroad")
    assert any("Potocki" in text for text in texts)
    assert not any("Chambers" in text for text in texts)


def test_no_follower_is_added_without_the_asked_kind_of_fact() -> None:
    sentences = [
        FIRST,
        sentence("faq", 6, "The department also organises joint stands for small firms at "
                           "many international fairs.", 0.91),
    ]
    chosen = ExtractiveAnswerer(max_sentences=1).select(QUESTION, [CHUNK], "en", sentences)
    assert len(chosen.sentences) == 1
