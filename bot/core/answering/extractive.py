"""The offline answer engine: the best sentences of the best passages, framed and cited.

It cannot translate, so sentences stay in the language of their source while the framing,
the list of organisations and the "not found" reply are in the user's language. Sentences are
chosen by word overlap with the question plus cues for the kind of answer asked for (an amount,
a date, a place, a person or organisation), which carry across languages where words do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from bot.core.answering.asks import is_strong_name
from bot.core.answering.dates import states_date, states_place
from bot.i18n import language_label, t
from knowledge.retrieval import Passage, bm25_tokens
from knowledge.sentences import is_quotable, split_sentences

# Question words -> the kind of answer wanted, in de/en/pl/cs.
_CUES: dict[str, tuple[str, ...]] = {
    "amount": ("budget", "budż", "rozpoč", "wie viel", "wieviel", "how much", "ile ", "kolik",
               # "euro " and "eur " end there: "eur" began "Europe" (Interreg Central Europe).
               "förder", "kosten", "cost", "euro ", "euros", "eur ", "geld", "money",
               "pieniądz", "peníz", "finanz", "dofinans"),
    "date": ("wann", "when", "kiedy", "kdy", "laufzeit", "how long", "jak długo", "jak dlouho",
             "dauer", "zeitraum", "period", "okres", "období", "bis wann", "since", "seit"),
    "place": ("wo ", "where", "gdzie", "kde ", "adresse", "address", "adres", "sitz", "sídl",
              "siedzib"),
    "contact": ("kontakt", "contact", "telefon", "phone", "e-mail", "email", "ansprech",
                "osoba kontakt", "kontaktní", "an wen", "whom", "do kogo", "na koho",
                "skontakt"),
    "who": ("wer ", "who", "kto", "kdo", "welche", "which", "partner", "leitet", "lead",
            "prowadz", "vede", "koordin"),
    "count": ("wie viele", "how many", "ile ", "kolik", "anzahl", "number of", "liczba", "počet"),
}

# Cue words match at the start of a word: "kto" (who) must not fire inside "skontaktować".
_CUE_PATTERNS = {kind: re.compile("|".join(r"(?<!\w)" + re.escape(w) for w in words))
                 for kind, words in _CUES.items()}

_PERSON = r"\b(?:ist|is|jest|je)\s+(?-i:[A-ZÄÖÜŁŚŻČŘŠŽ][\w-]+\s+[A-ZÄÖÜŁŚŻČŘŠŽ]\w+)"

_PATTERNS = {
    # A share is an amount too: "50 %", "50 percent", "50 Prozent", "50 procent" (pl, cs).
    "amount": re.compile(r"\d[\d.,]*\s*(€|eur|euro)|\d+\s*(%|percent|prozent|procent)|"
                         r"(€|eur)\s*\d", re.I),
    "date": re.compile(r"\b(19|20)\d\d\b"),
    "place": re.compile(r"\b\d{5}\b|straße|str\.|ulica|ul\.|náměstí|sitz|mit sitz", re.I),
    "contact": re.compile(r"\+\d[\d\s\-/()]{6,}|@|tel\.|telefon", re.I),
    # Organisations, or a person named after "ist/is/jest/je" ("... ist Klaus-Peter Jansen").
    "who": re.compile(r"gmbh|s\.a\.|s\.r\.o\.|\bihk\b|kammer|lead partner|partner|zentrum|"
                      + _PERSON, re.I),
    "count": re.compile(r"\b\d+\b"),
}
# What a continuation sentence must carry to be added: the specific fact, not a word like
# "partner" that half the sentences of a project page contain.
_FACTS = _PATTERNS | {"who": re.compile(_PERSON + r"|\b(?i:gmbh|s\.r\.o\.|s\.a\.|sp\. z o\.o\.)")}

_STOP = set(bm25_tokens(
    "der die das und ist wer wie was wo wann welche gibt es ein eine für von zu im in auf mit "
    "the and is who what where when which how are there a an for of to in on with does do "
    "i w z na jest kto co gdzie kiedy jaki jaka jakie jak czy są się do od dla po "
    "a v ve s se na je kdo co kde kdy jaký jaká jaké jak jsou do od pro po "
    "projekt project projekt projektu me mir mi mně "
    # pronouns: "ich" matching any German sentence is no evidence of relevance
    "ich du wir ihr mein meine unser unsere i you we my our ja ty wy mój moja nasz "
    "já ty my vy můj moje náš naše mich uns mnie nas mne nás"
))


# Domain words that mean the same across our languages, folded onto one token so that a Polish
# question overlaps with a German source sentence ("MŚP" ~ "KMU", "rozpočet" ~ "Budget").
_SYNONYM_GROUPS = [
    "kmu sme smes mśp msp mikroprzedsiębiorstw mittelstand",
    "budget budżet budzet rozpočet rozpocet projektbudget",
    "förderung funding dofinansowanie dotace podpora efre erdf finanzierung",
    "unternehmen company companies firma firmy firmen podnik podniky przedsiębiorstwa",
    "partner partnerzy partneři projektpartner partners",
    "lead leadpartner wiodący wiodacy vedoucí hlavní projektleitung",
    "export eksport vývoz vyvoz ausfuhr",
    "messe messen targi veletrh veletrhy fairs fair",
    "ansprechpartner kontakt contact kontaktní osoba",
    "zulieferer supplier suppliers dostawca dostawcy dodavatel dodavatelé",
    "grenzüberschreitend grenzübergreifend transgraniczny přeshraniční crossborder",
    "tschechien czechia czechy česko tschechisch czech české",
    "polen poland polska polsko polnisch polish",
    "sachsen saxony saksonia sasko sächsisch saxon",
    "geschult trained szkolenia školení schulung training",
    "laufzeit duration okres doba zeitraum období",
]
_SYNONYMS: dict[str, str] = {}


def _fold(word: str) -> str:
    return bm25_tokens(word)[0] if bm25_tokens(word) else word


for _group in _SYNONYM_GROUPS:
    _words = _group.split()
    for _w in _words:
        _SYNONYMS[_fold(_w)] = _fold(_words[0])


# Sentences in two languages saying the same thing (a translation) reach about 0.90 cosine with
# e5-small on the bundled FAQ (Czech to German: median 0.92 for the nearest sentence), but so do
# different sentences of one document in one language (German to German: median 0.94). So a
# cross-language pair counts as one fact only with the same numbers on both sides, and a
# same-language pair only when it shares an amount or count (not just a year) and is very close:
# on the translated corpus "Rozpočet projektu InnoCoopPolSax činí přibližně 358 000 eur" and
# "Příkladem je projekt InnoCoopPolSax s rozpočtem přibližně 358 000 eur, ..." reach 0.959,
# while two sentences naming "Interreg Polen – Sachsen 2014-2020" about different facts reach
# 0.978 (hence no years).
SAME_FACT_ACROSS_LANGUAGES = 0.90
SAME_FACT_IN_ONE_LANGUAGE = 0.95
# How many of the best candidates are compared for duplicates (one embedding call for all):
# more than the three an answer quotes, so that a translation ranked lower can take the place
# of a foreign sentence ranked higher.
_DUPLICATE_WINDOW = 8
_YEAR_NUMBER = re.compile(r"^(?:19|20)\d\d$")
_NUMBER = re.compile(r"\d(?:[\d.,\s]*\d)?")

# A FAQ heading asks the user's question when their content words (synonyms folded) agree
# this much (shared / all); its answer sentences then rank above sentences that merely share
# the question's topic word ("Interreg", "serwicyzacja"), whose word overlap is worth 1.5 at most.
_SAME_QUESTION = 0.75
_FAQ_ANSWER_BONUS = 1.0

# Vectors of candidate sentences, one row each (`bot.core.answering.vectors.SentenceVectors`).
Embed = Callable[[list[Passage]], np.ndarray]


@dataclass
class Selection:
    sentences: list[tuple[int, str]]  # (citation number, sentence)
    cited: list[Passage]
    # The quoted sentences themselves (parallel to `sentences`), with language and document.
    quoted: list[Passage] = field(default_factory=list)


def carries_fact(text: str, cues: set[str], asked: str = "") -> bool:
    """Whether a sentence states the kind of fact asked for (any of `cues`): an amount for
    "how much", a date for "when" (not a year inside a programme's name), a place for "where",
    for "who" a person, a legal form or a name that the question (`asked`) does not hold
    ("Lead Partner war das FRIULI Innovationszentrum")."""
    for cue in cues:
        if cue == "who":
            asked_words = set(bm25_tokens(asked))
            if _FACTS["who"].search(text) or any(
                    is_strong_name(w) and not set(bm25_tokens(w)) <= asked_words
                    for w in re.findall(r"[^\s,;:()]+", text)):
                return True
            continue
        if cue == "place" and states_place(text):
            return True
        if cue == "date":
            if states_date(text):
                return True
        elif cue == "count":
            # A count is a number that is not a year ("2014-2020" counts nothing).
            if any(not _YEAR_NUMBER.match(n) for n in re.findall(r"\b\d+\b", text)):
                return True
        elif _FACTS[cue].search(text):
            return True
    return False


def _numbers(text: str) -> frozenset[str]:
    """The numbers of a sentence as digits only: "610.799,70" and "610 799,70" are one."""
    return frozenset(re.sub(r"\D", "", n) for n in _NUMBER.findall(text))


def same_fact(a: Passage, b: Passage, cosine: float) -> bool:
    """Whether two sentences say the same: in two languages, close in meaning and with the
    numbers of one all in the other (a translation may split a sentence in two); in one
    language, identical, or very close and stating the same amounts."""
    first, second = _numbers(a.text), _numbers(b.text)
    if a.language != b.language:
        numbers_agree = (first <= second or second <= first) and bool(first) == bool(second)
        return cosine >= SAME_FACT_ACROSS_LANGUAGES and numbers_agree
    first = {n for n in first if not _YEAR_NUMBER.match(n)}
    second = {n for n in second if not _YEAR_NUMBER.match(n)}
    shared_amount = bool(first and second) and (first <= second or second <= first)
    return a.text == b.text or (cosine >= SAME_FACT_IN_ONE_LANGUAGE and shared_amount)


def _faq_answers(question: str, passages: list[Passage]) -> dict[str, tuple[Passage, int]]:
    """The sentences answering a FAQ heading (a line ending in "?") that asks the question:
    those after the heading up to the next question, from the passages' own text, each with
    its passage and its place in the answer paragraph."""
    asked = content_tokens(question)
    answers: dict[str, tuple[Passage, int]] = {}
    if not asked:
        return answers
    for p in passages:
        answering, place = False, 0
        for sentence in split_sentences(p.text):
            text = sentence.strip()
            if text.endswith("?"):
                heading = content_tokens(text)
                answering = len(asked & heading) / len(asked | heading) >= _SAME_QUESTION
                place = 0
            elif answering and is_quotable(text):
                answers.setdefault(text, (p, place))
                place += 1
    return answers


def _rest_of_faq_answers(pool: list[tuple[Passage, int, float]],
                         faq_answer: dict[str, tuple[Passage, int]],
                         ) -> list[tuple[Passage, int, float]]:
    """The sentences of a matching FAQ answer that the sentence index did not return (it
    returns the nearest dozen, and an answer's last sentence, "Außerdem vergibt KARR
    zinsgünstige Darlehen ...", may hold the fact asked for), placed and scored after the
    paragraph's sentences that it did return."""
    present: dict[tuple[str, str], list[tuple[int, int, float]]] = {}
    for s, order, meaning in pool:
        found = faq_answer.get(s.text.strip())
        if found is not None:
            present.setdefault((found[0].id, s.doc_id), []).append((order, found[1], meaning))
    texts = {s.text.strip() for s, _, _ in pool}
    added: list[tuple[Passage, int, float]] = []
    for text, (p, place) in faq_answer.items():
        known = present.get((p.id, p.doc_id))
        if text in texts or not known:
            continue
        order, known_place, _ = known[0]
        added.append((Passage(f"{p.id}:faq{place}", p.doc_id, p.title, p.source, p.language,
                              text, p.score, p.position, p.doc_type),
                      order - known_place + place, min(m for _, _, m in known)))
    return added


def _faq_paragraphs_together(candidates: list[tuple[float, Passage, int]],
                             faq_answer: dict[str, tuple[Passage, int]],
                             ) -> list[tuple[float, Passage, int]]:
    """The best matching FAQ answer is one answer: its sentences rank first, at the score of
    its best one plus a bonus, a little less for each later place, so they are quoted
    together and in order instead of the best one beside sentences that only share the topic.
    Only one paragraph: two FAQs answering the same question (a translation, a document's own
    FAQ) would otherwise interleave and repeat each other."""
    best: dict[tuple[str, int], float] = {}
    for score, s, order in candidates:
        found = faq_answer.get(s.text.strip())
        if found is not None:
            paragraph = (s.doc_id, order - found[1])
            best[paragraph] = max(best.get(paragraph, score), score)
    if not best:
        return candidates
    chosen = max(best, key=lambda paragraph: best[paragraph])
    together: list[tuple[float, Passage, int]] = []
    for score, s, order in candidates:
        found = faq_answer.get(s.text.strip())
        if found is not None and (s.doc_id, order - found[1]) == chosen:
            score = best[chosen] + _FAQ_ANSWER_BONUS - 0.01 * found[1]
        together.append((score, s, order))
    return together


def question_cues(question: str) -> set[str]:
    q = f" {question.lower()} "
    return {kind for kind, pattern in _CUE_PATTERNS.items() if pattern.search(q)}


def is_shared_term(token: str) -> bool:
    """A `bm25_tokens` word that means the same across our languages (a synonym group):
    "KMU", "MŚP" and "EFRE" are domain terms, not names."""
    return token in _SYNONYMS


def content_tokens(text: str) -> set[str]:
    return {_SYNONYMS.get(tok, tok) for tok in bm25_tokens(text) if tok not in _STOP}


def lexical_support(question: str, passages: list[Passage]) -> float:
    """Share of the question's content words that occur in the passages (0..1)."""
    q = content_tokens(question)
    if not q:
        return 0.0
    seen: set[str] = set()
    for p in passages:
        seen |= content_tokens(f"{p.title} {p.text}")
    return len(q & seen) / len(q)


class ExtractiveAnswerer:
    def __init__(self, max_sentences: int = 3, max_passages: int = 3,
                 margin: float = 0.8, embed: Embed | None = None) -> None:
        self.max_sentences = max_sentences
        self.margin = margin
        self.max_passages = max_passages
        # Sentence vectors, to find the same fact said twice (in two languages); without them
        # only identical sentences are merged.
        self.embed = embed

    def select(self, question: str, passages: list[Passage], language: str,
               sentences: list[Passage] | None = None,
               max_sentences: int | None = None,
               must_state: set[str] | None = None,
               margin: float | None = None) -> Selection:
        """Pick answer sentences from `passages` (ranked chunks).

        `sentences` are sentence-level hits from the sentence index (scored by meaning against
        the question); without them the passages are split here and judged by words alone.
        With `must_state` (cue kinds), only sentences stating such a fact are candidates: one
        ask of a compound question is answered by its fact or not at all.
        """
        cues = question_cues(question)
        q_tokens = content_tokens(question)
        top = passages[0].score if passages else 0.0
        # Documents far below the best one add noise rather than answers.
        doc_rank: dict[str, int] = {}
        doc_score: dict[str, float] = {}
        for p in passages[: self.max_passages]:
            if p.score >= top - 0.04 and p.doc_id not in doc_rank:
                doc_rank[p.doc_id] = len(doc_rank)
                doc_score[p.doc_id] = p.score
        # A FAQ entry asking the user's question is answered by its own paragraph, even when
        # its chunk ranks below the window: the words that match the question sit in the
        # heading, which is no answer sentence, so its answer sentences alone match weakly.
        faq_answer = _faq_answers(question, passages[: self.max_passages])
        for p in passages[: self.max_passages]:
            if p.doc_id not in doc_rank and any(
                    text in faq_answer for text in split_sentences(p.text)):
                doc_rank[p.doc_id] = len(doc_rank)
                doc_score[p.doc_id] = p.score
        pool: list[tuple[Passage, int, float]] = []  # (sentence as passage, order, meaning)
        if sentences:
            best = max(s.score for s in sentences)
            for s in sentences:
                if s.doc_id in doc_rank:
                    order = int(s.id.rsplit(":s", 1)[-1]) if ":s" in s.id else 0
                    pool.append((s, order, s.score - best))
            pool += _rest_of_faq_answers(pool, faq_answer)
        else:
            for p in passages[: self.max_passages]:
                if p.doc_id not in doc_rank:
                    continue
                for s_idx, text in enumerate(split_sentences(p.text)):
                    pool.append((Passage(f"{p.id}:s{s_idx}", p.doc_id, p.title, p.source,
                                         p.language, text, p.score, p.position, p.doc_type),
                                 p.position * 1000 + s_idx, -0.03 * s_idx))
        candidates: list[tuple[float, Passage, int]] = []
        for s, order, meaning in pool:
            words = len(s.text.split())
            # Headings and fragments ("Projektablauf InnoCoopPolSax") match well by meaning
            # but answer nothing.
            if len(s.text) < 25 or words < 5:
                continue
            if not is_quotable(s.text):  # the passages' own sentences are not filtered yet
                continue
            if must_state and not carries_fact(s.text, must_state, question):
                continue
            overlap = len(q_tokens & content_tokens(s.text)) / (len(q_tokens) or 1)
            cue = sum(1.0 for c in cues if _PATTERNS[c].search(s.text))
            score = (8.0 * meaning + 1.5 * overlap + 0.6 * cue
                     + 4.0 * (doc_score[s.doc_id] - top) - 0.1 * doc_rank[s.doc_id])
            if s.language == language:
                score += 0.1
            if words < 9 or not re.search(r"[.!?:;)]$|\d", s.text.strip()):
                score -= 0.3
            candidates.append((score, s, order))
        candidates = _faq_paragraphs_together(candidates, faq_answer)
        candidates.sort(key=lambda c: c[0], reverse=True)
        candidates = self.one_fact_once(candidates, language)
        if not candidates:
            return Selection([], [])
        # A sentence far behind the best one pads the answer without answering anything.
        behind = self.margin if margin is None else margin
        chosen = [c for c in candidates[: max_sentences or self.max_sentences]
                  if c[0] >= candidates[0][0] - behind]
        chosen += self._continuations(chosen, candidates, cues)
        chosen.sort(key=lambda c: (doc_rank[c[1].doc_id], c[2]))
        # One citation number per document, in the order the answer first uses it.
        doc_order: list[str] = []
        cited: list[Passage] = []
        by_doc = {p.doc_id: p for p in reversed(passages)}
        for _, s, _ in chosen:
            if s.doc_id not in doc_order:
                doc_order.append(s.doc_id)
                cited.append(by_doc[s.doc_id])
        numbered = [(doc_order.index(s.doc_id) + 1, s.text) for _, s, _ in chosen]
        return Selection(numbered, cited, [s for _, s, _ in chosen])

    def one_fact_once(self, candidates: list[tuple[float, Passage, int]],
                       language: str) -> list[tuple[float, Passage, int]]:
        """Candidates with each fact once: of two sentences saying the same (`same_fact`), the
        one in the asker's language stays, at the better of the two scores, so a Czech visitor
        reads the Czech FAQ's sentence rather than the German page's."""
        head = candidates[:_DUPLICATE_WINDOW]
        if len(head) < 2:
            return candidates
        texts = [c[1].text for c in head]
        if self.embed is not None:
            vectors = np.asarray(self.embed([c[1] for c in head]), dtype=np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
            cosines = vectors @ vectors.T
        else:
            cosines = np.array([[1.0 if a == b else 0.0 for b in texts] for a in texts])
        scores = [c[0] for c in head]
        dropped: set[int] = set()
        for i in range(len(head)):
            if i in dropped:
                continue
            for j in range(i + 1, len(head)):
                if j in dropped or not same_fact(head[i][1], head[j][1], float(cosines[i, j])):
                    continue
                if head[j][1].language == language and head[i][1].language != language:
                    scores[j] = max(scores[j], scores[i])
                    dropped.add(i)
                    break
                dropped.add(j)
        kept = [(scores[n], c[1], c[2]) for n, c in enumerate(head) if n not in dropped]
        kept += candidates[_DUPLICATE_WINDOW:]
        kept.sort(key=lambda c: c[0], reverse=True)
        return kept

    @staticmethod
    def _continuations(chosen: list[tuple[float, Passage, int]],
                       candidates: list[tuple[float, Passage, int]],
                       cues: set[str]) -> list[tuple[float, Passage, int]]:
        """The sentence right after a chosen one, when it carries the kind of fact asked for:
        "Für Export ist die WFS zuständig. Ansprechpartner dort ist Zygmunt Potocki, ..."
        answers "An wen wende ich mich?" only with its second half, which alone scores low."""
        if not cues:
            return []
        taken = {(c[1].doc_id, c[2]) for c in chosen}
        by_place = {(c[1].doc_id, c[2]): c for c in candidates}
        for _, s, order in chosen:
            follower = by_place.get((s.doc_id, order + 1))
            if (follower is not None and (s.doc_id, order + 1) not in taken
                    and any(_FACTS[c].search(follower[1].text) for c in cues)):
                return [follower]  # one at most: the answer stays short
        return []

    def compose(self, selection: Selection, language: str,
                notes: list[str] | None = None) -> str:
        """The quoted sentences with their [n], then `notes` (parts of the question the sources
        do not answer), then in which other languages the quoted sources are written."""
        lines = [t("found_intro", language), ""]
        for number, sentence in selection.sentences:
            lines.append(f"{sentence} [{number}]")
        if notes:
            lines += [""] + notes
        note = sources_language_note(selection.cited, language)
        if note:
            lines += ["", note]
        return "\n".join(lines)


def sources_language_note(cited: list[Passage], language: str) -> str:
    """Where the quoted sources are in other languages than the asker's, say so truthfully:
    all of them, or which numbers (the others being in the asker's language)."""
    def foreign(p: Passage) -> bool:
        return bool(p.language) and p.language not in (language, "und")

    other = sorted({p.language for p in cited if foreign(p)})
    if not other:
        return ""
    langs = ", ".join(language_label(code, language) for code in other)
    if all(foreign(p) for p in cited):
        return t("sources_other_language", language, langs=langs)
    refs = " ".join(f"[{n}]" for n, p in enumerate(cited, 1) if foreign(p))
    return t("sources_partly_other_language", language, langs=langs, refs=refs)
