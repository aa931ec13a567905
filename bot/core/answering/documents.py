"""The documents' part of an extractive answer: evidence per ask, and what the sources lack.

A question is answered ask by ask (`split_asks`): each ask is searched on its own (with the
names it is about) and must be answered by a sentence that states the kind of fact it asks for
("wie hoch" -> an amount). An ask without such a sentence is named as not in the sources instead
of being covered by the other asks' sentences. A follow-up ("und die Laufzeit?") is one ask
about what the conversation named. A question naming a project, programme or organisation that
no selected passage mentions is not answered with another one's facts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core.answering.asks import Ask, carried_names, is_strong_name, name_words, split_asks
from bot.core.answering.extractive import (
    ExtractiveAnswerer,
    Selection,
    content_tokens,
    is_shared_term,
    question_cues,
)
from bot.i18n import t
from knowledge.retrieval import Passage, Retriever, bm25_tokens

# Sentences per ask when a question has several (plus the one after it when that holds the
# asked fact): two, so that an open ask ("co je EFRR") whose best sentence is another ask's
# still gets its own. When the ask wants a kind of fact (an amount, a date, who), the second
# must state it too and score nearly as well as the first (score units of
# `ExtractiveAnswerer.select`, where 0.3 is about 0.04 of sentence cosine): "Podpora EU ...
# 488 639,75 eur" can then rank first without hiding "Rozpočet ... činí 610 799,70 eur".
_SENTENCES_PER_ASK = 2
_FACT_ASK_MARGIN = 0.3

Gate = Callable[[str, list[Passage]], list[Passage]]
# Kinds of fact only documents state; organisation records hold who, where and contacts.
_DOCUMENT_ONLY_FACTS = frozenset({"amount", "date", "count"})
# Kinds of fact a one-ask question is answered with when a passage states one. Measured on
# golden and dev: requiring "who", "date" or "count" sentences too lost 7 questions (a "who"
# cue fires on "partner" and "which"); these two lost none and answer the raw seed pages'
# "where was the final workshop" and "how large was the budget".
_STATED_ALONE = frozenset({"place", "amount"})


@dataclass
class DocumentPart:
    selection: Selection
    # Lines in the user's language naming what the sources do not answer.
    notes: list[str] = field(default_factory=list)
    # The asks and whether each was answered (for the console's trace).
    asks: list[dict[str, object]] = field(default_factory=list)
    # A follow-up asking only for facts no organisation record states (an amount, a date, a
    # count) that the documents lack: nothing else may answer it ("und die Laufzeit?" must not
    # be answered by the organisations the earlier question brought up).
    missing_fact_follow_up: bool = False


class DocumentAnswerer:
    def __init__(self, retriever: Retriever, extractive: ExtractiveAnswerer, gate: Gate,
                 strong_from: Callable[[], float] | None = None) -> None:
        self.retriever = retriever
        self.extractive = extractive
        self.gate = gate
        # The answer gate's "strong" cosine: passages matching this well are about the
        # question even when it holds a lower-case hyphenated word they lack ("co-financing").
        self.strong_from = strong_from

    def answer(self, question: str, query: str, language: str,
               passages: list[Passage], known: str = "") -> DocumentPart:
        """`question` is the user's message, `query` the standalone search question (the same
        unless a follow-up was rewritten), `passages` the gated passages for `query`, `known`
        text the rest of the answer already shows (organisation records), whose names count
        as mentioned."""
        asks = split_asks(question, language)
        follow_up = query.strip() != question.strip()
        if follow_up:
            for name in carried_names(query, question, language):
                for ask in asks:
                    if name not in ask.inherited:
                        ask.inherited.append(name)
        # One ask that is not a follow-up for a specific fact: the whole query is the ask.
        if len(asks) == 1 and not (follow_up and question_cues(asks[0].text)):
            return self._single(query, language, passages, known)
        part = self._several(asks, language, passages, known)
        cues = [question_cues(ask.text) for ask in asks]
        part.missing_fact_follow_up = (
            follow_up and not part.selection.sentences
            and all(kinds and kinds <= _DOCUMENT_ONLY_FACTS for kinds in cues))
        return part

    def _single(self, query: str, language: str, passages: list[Passage],
                known: str) -> DocumentPart:
        # A question for one kind of fact (where, when, how much) is answered by a sentence
        # stating it when the passages hold one, as each ask of a compound question is; a
        # question for no such kind, or one the passages do not state, is selected as before.
        cues = question_cues(query)
        # "ile"/"kolik" ask for an amount or a count: only an unambiguous kind is required.
        cues = set() if "count" in cues else cues & _STATED_ALONE
        selection = self._select(query, language, passages, None, must_state=cues,
                                 margin=_FACT_ASK_MARGIN) if cues else Selection([], [])
        if not selection.sentences:
            selection = self._select(query, language, passages, None)
        missing = _unmentioned_names(query, passages, selection, known, language,
                                     self._weak(passages))
        if missing:
            note = t("names_not_in_sources", language, names=", ".join(missing))
            return DocumentPart(Selection([], []), [note],
                                [{"ask": query, "answered": False, "missing_names": missing}])
        return DocumentPart(selection, [], [{"ask": query, "answered": bool(selection.sentences)}])

    def _several(self, asks: list[Ask], language: str, passages: list[Passage],
                 known: str) -> DocumentPart:
        quoted: list[Passage] = []
        searched: list[Passage] = list(passages)
        notes: list[str] = []
        report: list[dict[str, object]] = []
        for ask in asks:
            found = self.retriever.search(ask.query, k=5, language=language)
            own = self.gate(ask.query, found)
            # The whole question's passages stay candidates: an ask like "ile wynosił budżet"
            # is vague alone and its answer may sit in the passage the whole question found.
            candidates = _merge(own, passages)
            searched = _merge(searched, own)
            cues = question_cues(ask.text)
            selection = self._select(ask.query, language, candidates, _SENTENCES_PER_ASK,
                                     must_state=cues,
                                     margin=_FACT_ASK_MARGIN if cues else None)
            missing = _unmentioned_names(ask.query, candidates, selection, known, language,
                                         self._weak(candidates))
            if missing or not selection.quoted:
                notes.append(t("ask_not_in_sources", language, ask=ask.label)
                             if not missing else
                             t("names_not_in_sources", language, names=", ".join(missing)))
                report.append({"ask": ask.query, "answered": False, "missing_names": missing})
                continue
            report.append({"ask": ask.query, "answered": True})
            for s in selection.quoted:
                if all(s.id != q.id for q in quoted):
                    quoted.append(s)
        # Two asks may quote the same fact from two documents or languages ("who leads" and
        # "the budget" both finding the sentence naming lead partner and budget together).
        ranked = [(float(len(quoted) - n), s, n) for n, s in enumerate(quoted)]
        quoted = [s for _, s, _ in self.extractive.one_fact_once(ranked, language)]
        return DocumentPart(_numbered(quoted, searched), notes, report)

    def _weak(self, passages: list[Passage]) -> bool:
        """Whether the best passage matches below the gate's strong cosine."""
        if self.strong_from is None or not passages:
            return True
        return passages[0].score < self.strong_from()

    def _select(self, query: str, language: str, passages: list[Passage],
                max_sentences: int | None, must_state: set[str] | None = None,
                margin: float | None = None) -> Selection:
        if not passages:
            return Selection([], [])
        doc_ids = list(dict.fromkeys(p.doc_id for p in passages[:3]))
        sentences = self.retriever.best_sentences(query, doc_ids)
        return self.extractive.select(query, passages, language, sentences,
                                      max_sentences=max_sentences, must_state=must_state,
                                      margin=margin)


def organisation_text(organisations: list[Any]) -> str:
    """What the listed organisation records say, for `DocumentAnswerer.answer(known=...)`: a
    name the question holds ("ISO 9001", a company's name) is not missing when a record shown
    beside the documents holds it."""
    fields = ("name", "offers", "seeks", "description", "certifications", "sectors", "city",
              "region")
    return " ".join(str(getattr(o, f, "") or "") for o in organisations for f in fields)


def _merge(first: list[Passage], second: list[Passage]) -> list[Passage]:
    seen = {p.id for p in first}
    return first + [p for p in second if p.id not in seen]


def _numbered(quoted: list[Passage], passages: list[Passage]) -> Selection:
    """The quoted sentences of all asks with one citation number per document, in the order
    the answer first uses it."""
    order: list[str] = []
    cited: list[Passage] = []
    by_doc = {p.doc_id: p for p in reversed(passages)}
    for s in quoted:
        if s.doc_id not in order:
            order.append(s.doc_id)
            cited.append(by_doc.get(s.doc_id, s))
    return Selection([(order.index(s.doc_id) + 1, s.text) for s in quoted], cited, quoted)


def _unmentioned_names(query: str, passages: list[Passage], selection: Selection,
                       known: str, language: str = "", weak_match: bool = True) -> list[str]:
    """The names of the question that none of the passages, the quoted sentences or the rest
    of the answer mentions: words shaped like names in any language ("KORMORAN-05",
    "InnoCoopPolSax", "EIC"), capitalised words after the first where only names are
    capitalised ("Szczecinie" in Polish, not German nouns), and lower-case coinages joined by
    a hyphen ("go-digital"), these only when the passages match weakly (`weak_match`): an
    ordinary word can be written so too ("co-financing"). Domain terms that the answerer
    treats as synonyms across languages ("KMU", "MŚP", "EFRE") are words, not names. A
    capitalised word counts as mentioned in an inflected form ("Liberce" / "Liberec"): a
    passage word sharing all but its last three letters."""
    text = " ".join([known] + [f"{p.title} {p.text}" for p in passages]
                    + [s.text for s in selection.quoted])
    present = set(bm25_tokens(text))
    folded_words = set(_folded_words(text))
    hyphenated = _folded_words(text, keep_hyphens=True)
    folded_text = " ".join(hyphenated)
    joined_forms = {w.replace("-", "") for w in hyphenated} | folded_words
    # Beside an organisation list a capitalised word is mostly the place searched there
    # ("... a je v Bavorsku firma na 3D skenování?"), not what the documents are asked about.
    capitalised = ({w for w in name_words(query, language) if not is_strong_name(w)}
                   if language and not known.strip() else set())
    missing: list[str] = []
    for word in query.split():
        word = word.strip(",.;:!?()\"'„“”«»")
        if word in missing:
            continue
        if _is_coinage(word):
            if not weak_match:
                continue
            spelled = _folded_words(word, keep_hyphens=True)
            joined = spelled[0] if spelled else ""
            # Written with or without the hyphen, or apart, in any inflection ("co-financing",
            # "co-financed", "cofinancing").
            if joined and joined.replace("-", " ") not in folded_text \
                    and not _inflected(joined.replace("-", ""), joined_forms):
                missing.append(word)
            continue
        # "EU-Geld" is shaped like a name only through its two-letter part; "KORMORAN-05" and
        # "InnoCoopPolSax-Projekt" have a part that is a name alone.
        strong = is_strong_name(word) and ("-" not in word or any(ch.isdigit() for ch in word)
                                           or any(is_strong_name(p) for p in word.split("-")))
        if not strong and word not in capitalised:
            continue
        tokens = [tok for tok in bm25_tokens(word) if len(tok) > 1]
        if not tokens or any(is_shared_term(tok) for tok in tokens) or not content_tokens(word):
            continue  # a domain term, or a stop word
        if all(tok in present for tok in tokens):
            continue
        if not strong and any(_inflected(form, folded_words) for form in _folded_words(word)):
            continue
        missing.append(word)
    return missing


_FOLD_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _folded_words(text: str, keep_hyphens: bool = False) -> list[str]:
    """Lower-case words without accents ("Śląska" -> "slaska"); hyphenated words whole or
    split."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = _FOLD_WORD.findall(folded)
    return words if keep_hyphens else [part for w in words for part in w.split("-")]


def _is_coinage(word: str) -> bool:
    """A lower-case word joined by a hyphen from letter parts ("go-digital"): a brand or
    programme name; German compounds with a hyphen start with a capital ("EU-Förderung")."""
    parts = word.split("-")
    return (len(parts) > 1 and word[:1].islower()
            and all(len(part) >= 2 and part.isalpha() for part in parts))


def _inflected(word: str, words: set[str]) -> bool:
    """Whether `words` holds `word` or a form sharing all but its last three letters (at least
    four): "liberce"/"liberec", "dolnego"/"dolny", not "szczecinie"/"szczegolnie"."""
    if word in words:
        return True
    stem = max(4, len(word) - 3)
    if len(word) <= 4:
        return False
    return any(other[:stem] == word[:stem] for other in words if len(other) >= stem)
