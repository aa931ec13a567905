"""Which sources answer which part of a question: documents, organisations, or both.

A message can ask for two things at once ("Welche Förderung gibt es dafür, und wer in Polen
macht Laserschneiden?"). Its intent vote as a whole is split between the asks, so neither side
may reach a majority and one of them is lost. Each ask (`split_asks`, words per language in
`data/asks.yaml`) is therefore read on its own by the same exemplar intent classifier and
analyser as the whole question: when one ask wants organisations and another wants what the
documents (or the funding catalogue) answer, the message is answered twice, each part from
its own source and searched with its own words.

Follow-ups: a message that names no subject of its own ("How much money did it have?",
"Und wie lange lief es?") is about the subject of the conversation's last message that had
one. What counts as a subject is data (names in the message, `name_words`), and what marks a
reference back is a word list per language (`references` in `data/asks.yaml`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.core.answering.asks import ask_words, name_words, split_asks
from bot.core.answering.extractive import question_cues

# Fields of a query analysis that say where and in which language the asker searches. An
# organisation ask that names none of them inherits them from the whole message: in
# "Förderung für ein Projekt in Tschechien, und wer macht dort Pulverbeschichtung?" the place is
# in the other ask.
_TARGET_FIELDS = ("countries", "regions", "cities", "spoken_languages")

# An ask naming a trade asks for organisations unless this share of its intent vote goes to
# documents and funding together: a majority, chosen, not fitted.
DOCUMENT_ASK_SHARE = 0.5

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")

EmbedQuery = Callable[[str], np.ndarray]


@dataclass
class AskRoute:
    """One ask of a message and the source that answers it."""

    text: str
    source: str  # "organisations", "documents" or "unclear"
    intent: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"ask": self.text, "source": self.source,
                "intent": {k: v for k, v in self.intent.items() if v >= 0.05}}


@dataclass
class SplitRoute:
    """A message whose asks go to both sources: the organisation search runs on
    `organisation_query` with `organisation_analysis`, the documents answer
    `document_question`."""

    asks: list[AskRoute]
    organisation_query: str
    organisation_analysis: Any
    document_question: str

    def as_dicts(self) -> list[dict[str, Any]]:
        return [ask.as_dict() for ask in self.asks]


def asks_organisations(analysis: Any) -> bool:
    """Whether an analysed ask wants organisations listed (companies, institutions or those
    who seek what the asker offers): as the analyser decided from its intent vote and words,
    or because it names a trade and its vote is not mostly for documents or funding. A named
    town pulls the vote of a short ask towards examples naming towns (the weather, a trade
    fair in Dresden), while the trade is what the ask is about."""
    if getattr(analysis, "wants_organisations", False) or getattr(
            analysis, "wants_institutions", False):
        return True
    intent = getattr(analysis, "intent", None) or {}
    elsewhere = intent.get("documents", 0.0) + intent.get("funding", 0.0)
    named_trade = bool(getattr(analysis, "capabilities", None)
                       or getattr(analysis, "trade_terms", None))
    return named_trade and elsewhere < DOCUMENT_ASK_SHARE


def split_route(question: str, language: str, whole: Any, analyser: Any, embed: EmbedQuery,
                retriever: Any, organisations: Any) -> SplitRoute | None:
    """The asks of `question` routed one by one, when some want organisations and others
    the documents; None for a message with one ask or asks all of one kind.

    `whole` is the analysis of the whole message (for places an ask refers back to),
    `analyser` the query analyser (its `analyse(text, lang, vector)`), `embed` the query
    embedding (retrieval's, so the documents' search of an ask reuses the vector),
    `retriever` and `organisations` the two searches whose best scores settle an ask the
    analyser gives to organisations ("Wer ist Lead Partner von InnoCoopPolSax": a project's
    partner, which the documents name, matches them better than any organisation record)."""
    if analyser is None or organisations is None:
        return None
    asks = split_asks(question, language)
    if len(asks) < 2:
        return None
    routed: list[tuple[AskRoute, Any, str]] = []
    for ask in asks:
        vector = embed(ask.text)
        analysis = analyser.analyse(ask.text, language, vector)
        source = "documents"
        if asks_organisations(analysis):
            source = "organisations"
            if not _names_what_organisations_are(analysis):
                # Nothing in the ask says organisation records answer it: the search whose
                # best hit matches it better does.
                found = organisations.search_detailed(ask.text, language, limit=1,
                                                      analysis=analysis, vector=vector)
                passages = retriever.search(ask.query, k=1)
                best_organisation = found.hits[0].score if found.hits else 0.0
                best_passage = passages[0].score if passages else 0.0
                if best_passage >= best_organisation:
                    source = "documents"
        intent = analysis.intent or {}
        if source == "documents" and (intent.get("documents", 0.0) + intent.get("funding", 0.0)
                                      < DOCUMENT_ASK_SHARE):
            # Neither clearly: a part cut off at a relative clause ("Plastikárna v Horní
            # Falci, která umí ..."), a question about help that the documents may answer.
            # Such a message is answered whole, as before.
            source = "unclear"
        # The documents search an ask with the names it inherits ("wie hoch ist das Budget"
        # of InnoCoopPolSax); the organisation search with its own words only.
        routed.append((AskRoute(ask.text, source, dict(analysis.intent or {})), analysis,
                       ask.query if source == "documents" else ask.text))
    organisation_parts = [(route, analysis, query) for route, analysis, query in routed
                          if route.source == "organisations"]
    document_parts = [query for route, _, query in routed if route.source == "documents"]
    if not organisation_parts or not document_parts or any(
            route.source == "unclear" for route, _, _ in routed):
        return None
    _, organisation_analysis, _ = organisation_parts[0]
    if len(organisation_parts) > 1:
        # Two organisation asks ("wer macht X und wer macht Y"): one search over both.
        text = " ".join(query for _, _, query in organisation_parts)
        organisation_analysis = analyser.analyse(text, language, embed(text))
    if (organisation_analysis.capabilities or organisation_analysis.trade_terms) \
            and "institution" not in (organisation_analysis.kinds or []):
        # An ask naming a trade wants who practises it; a town in it can pull its intent vote
        # to the chambers of that town ("which company in Liberec does welding?").
        organisation_analysis.wants_organisations = True
        organisation_analysis.wants_institutions = False
    _inherit_targets(organisation_analysis, whole)
    return SplitRoute([route for route, _, _ in routed],
                      " ".join(query for _, _, query in organisation_parts),
                      organisation_analysis, " ".join(document_parts))


def _names_what_organisations_are(analysis: Any) -> bool:
    """Whether an ask names a trade of the taxonomy or a kind of organisation
    ("Forschungsinstitut", "chamber", "firma"). A word only the records' vocabulary knows
    (`trade_terms`) is weaker evidence: "Lead" in "Wer ist Lead Partner von InnoCoopPolSax"
    is one, so such an ask is settled by the two searches' scores."""
    return bool(getattr(analysis, "capabilities", None) or getattr(analysis, "kinds", None))


def _inherit_targets(analysis: Any, whole: Any) -> None:
    """An organisation ask naming no place searches where the whole message does; one naming
    no spoken language, in the language the whole message names."""
    places = _TARGET_FIELDS[:3]
    if not any(getattr(analysis, name, None) for name in places):
        for name in places:
            setattr(analysis, name, list(getattr(whole, name, None) or []))
    if not getattr(analysis, "spoken_languages", None):
        analysis.spoken_languages = list(getattr(whole, "spoken_languages", None) or [])


# -- follow-ups ---------------------------------------------------------------------------------
def references_back(message: str, language: str) -> bool:
    """Whether the message refers to something said earlier by a word of the language's
    `references` list ("it", "es", "dort", "tego", "toho") or opens with a joiner ("und in
    Polen?", "a kto ...")."""
    words = ask_words(language)
    tokens = [w.lower() for w in _words(message)]
    if not tokens:
        return False
    if any(tuple(tokens[:len(joiner)]) == joiner for joiner in words.joiners):
        return True
    return any(tuple(tokens[i:i + len(ref)]) == ref
               for ref in words.references for i in range(len(tokens)))


def names_own_subject(message: str, language: str) -> bool:
    """Whether the message names what it is about: a word written like a name (a project,
    programme, organisation or place)."""
    return bool(name_words(message, language))


def is_follow_up(message: str, language: str, short_words: int = 4) -> bool:
    """A message to be read with the conversation's subject: it names no subject of its own
    and refers back, or it is so short that it can only continue the conversation."""
    if names_own_subject(message, language) and not _opens_with_joiner(message, language):
        return False
    return references_back(message, language) or len(_words(message)) <= short_words


# Kinds of fact only the documents state (organisation records hold who, where, contacts).
_DOCUMENT_FACTS = frozenset({"amount", "date", "count"})


def asks_for_a_document_fact(message: str, language: str) -> bool:
    """A message naming no subject that asks only for an amount, a date or a count ("How many
    people were trained?"): in a conversation it may be about the earlier subject even
    without a reference word; the assistant reads it so when it finds no answer alone."""
    cues = question_cues(message)
    return bool(cues) and cues <= _DOCUMENT_FACTS and not names_own_subject(message, language)


def conversation_subject(previous_messages: Sequence[str], language: str) -> str | None:
    """The latest earlier user message that names its own subject (a follow-up to a
    follow-up is about the first one's subject), else the latest message."""
    for text in reversed(previous_messages):
        if names_own_subject(text, language) or not is_follow_up(text, language):
            return text
    return previous_messages[-1] if previous_messages else None


def _opens_with_joiner(message: str, language: str) -> bool:
    tokens = [w.lower() for w in _words(message)]
    return any(tuple(tokens[:len(j)]) == j for j in ask_words(language).joiners)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)
