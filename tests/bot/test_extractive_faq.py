"""A FAQ entry that asks the user's question is answered by its own paragraph (hand-made
passages, no stores needed): the words matching the question sit in the heading, which is not
an answer sentence, so the paragraph's sentences alone lose to sentences sharing the topic."""

from __future__ import annotations

from bot.core.answering.extractive import ExtractiveAnswerer
from knowledge.retrieval import Passage

QUESTION = "Can a small workshop join a cluster network on its own?"

FAQ_TEXT = (
    "Who runs the cluster network?\n\n"
    "The cluster network is run by the regional chamber of crafts and its member guilds.\n\n"
    "Can a small workshop join a cluster network on its own?\n\n"
    "Workshops normally take part through their guild, which signs the membership for all "
    "of its members at once. "
    "Taking part costs a single workshop nothing beyond the guild fee. "
    "A separate membership is offered only to firms with more than fifty employees."
)
FAQ_SENTENCES = [
    "The cluster network is run by the regional chamber of crafts and its member guilds.",
    "Workshops normally take part through their guild, which signs the membership for all "
    "of its members at once.",
    "Taking part costs a single workshop nothing beyond the guild fee.",
    "A separate membership is offered only to firms with more than fifty employees.",
]
GUIDE_TEXT = (
    "Cluster networks in the region\n\n"
    "A cluster network brings workshops, suppliers and schools of one trade together. "
    "Each cluster network meets twice a year at a trade fair of its own. "
    "The cluster network publishes a yearbook with the names of all workshops."
)
GUIDE_SENTENCES = GUIDE_TEXT.split("\n\n")[1].replace(". ", ".\n").splitlines()


def chunk(doc: str, text: str, score: float) -> Passage:
    return Passage(id=f"{doc}:abcd1234:0", doc_id=doc, title=doc, source=f"{doc}.md",
                   language="en", text=text, score=score)


def sentence(doc: str, n: int, text: str, score: float) -> Passage:
    return Passage(id=f"{doc}:abcd1234:s{n}", doc_id=doc, title=doc, source=f"{doc}.md",
                   language="en", text=text, score=score)


def guide_hits() -> list[Passage]:
    # The guide's sentences repeat the topic ("cluster network", "workshops") and match best.
    return [sentence("guide", n, text, 0.90 - 0.002 * n)
            for n, text in enumerate(GUIDE_SENTENCES, start=1)]


def quoted(question: str, passages: list[Passage], hits: list[Passage]) -> list[str]:
    selection = ExtractiveAnswerer().select(question, passages, "en", hits)
    return [text for _, text in selection.sentences]


def test_the_faq_paragraph_asking_the_question_is_quoted_whole_and_in_order() -> None:
    passages = [chunk("guide", GUIDE_TEXT, 0.91), chunk("faq", FAQ_TEXT, 0.90)]
    hits = guide_hits() + [sentence("faq", n, text, 0.885 - 0.002 * n)
                           for n, text in enumerate(FAQ_SENTENCES)]
    assert quoted(QUESTION, passages, hits) == FAQ_SENTENCES[1:]


def test_without_a_heading_asking_the_question_the_topic_sentences_win() -> None:
    # The same sentences, but the FAQ asks something else: nothing lifts its paragraph.
    other = FAQ_TEXT.replace("Can a small workshop join a cluster network on its own?",
                             "What does membership cost?")
    passages = [chunk("guide", GUIDE_TEXT, 0.91), chunk("faq", other, 0.90)]
    hits = guide_hits() + [sentence("faq", n, text, 0.885 - 0.002 * n)
                           for n, text in enumerate(FAQ_SENTENCES)]
    assert FAQ_SENTENCES[1] not in quoted(QUESTION, passages, hits)


def test_a_faq_ranked_below_the_document_window_still_answers() -> None:
    # 0.05 below the best document: outside the 0.04 window that drops far-behind documents.
    passages = [chunk("guide", GUIDE_TEXT, 0.95), chunk("faq", FAQ_TEXT, 0.90)]
    hits = guide_hits() + [sentence("faq", n, text, 0.88) for n, text in enumerate(FAQ_SENTENCES)]
    assert quoted(QUESTION, passages, hits) == FAQ_SENTENCES[1:]


def test_paragraph_sentences_the_index_did_not_return_come_from_the_chunk() -> None:
    # The sentence index returned only the paragraph's first sentence; the fact asked for
    # (the fifty employees) is in its last.
    passages = [chunk("guide", GUIDE_TEXT, 0.91), chunk("faq", FAQ_TEXT, 0.90)]
    hits = guide_hits() + [sentence("faq", 1, FAQ_SENTENCES[1], 0.88)]
    assert quoted(QUESTION, passages, hits) == FAQ_SENTENCES[1:]


def test_two_faqs_asking_the_question_are_not_interleaved() -> None:
    # A second FAQ (another document) with the same entry in other words: each sentence of
    # one would score about as well as its counterpart in the other.
    def reworded(text: str) -> str:
        return text.replace("guild", "trade association").replace("workshop", "craft firm")

    passages = [chunk("faq", FAQ_TEXT, 0.90), chunk("faq2", reworded(FAQ_TEXT), 0.90)]
    hits = [sentence("faq", n, text, 0.885 - 0.002 * n) for n, text in enumerate(FAQ_SENTENCES)]
    hits += [sentence("faq2", n, reworded(text), 0.885 - 0.002 * n)
             for n, text in enumerate(FAQ_SENTENCES)]
    selection = ExtractiveAnswerer().select(QUESTION, passages, "en", hits)
    assert len(selection.quoted) == 3
    assert len({s.doc_id for s in selection.quoted}) == 1
    assert [s.id.rsplit(":s", 1)[1] for s in selection.quoted] == ["1", "2", "3"]
