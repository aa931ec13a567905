"""The offline answer engine: the best sentences of the best passages, framed and cited.

It cannot translate, so sentences stay in the language of their source while the framing,
the list of organisations and the "not found" reply are in the user's language. Sentences are
chosen by word overlap with the question plus cues for the kind of answer asked for (an amount,
a date, a place, a person or organisation), which carry across languages where words do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.chunking import split_sentences
from knowledge.retrieval import Passage, bm25_tokens

from bot.i18n import language_label, t

# Question words -> the kind of answer wanted, in de/en/pl/cs.
_CUES: dict[str, tuple[str, ...]] = {
    "amount": ("budget", "budż", "rozpoč", "wie viel", "wieviel", "how much", "ile ", "kolik",
               "förder", "kosten", "cost", "euro", "eur", "geld", "money", "pieniądz", "peníz",
               "finanz", "dofinans"),
    "date": ("wann", "when", "kiedy", "kdy", "laufzeit", "how long", "jak długo", "jak dlouho",
             "dauer", "zeitraum", "period", "okres", "období", "bis wann", "since", "seit"),
    "place": ("wo ", "where", "gdzie", "kde ", "adresse", "address", "adres", "sitz", "sídl",
              "siedzib"),
    "contact": ("kontakt", "contact", "telefon", "phone", "e-mail", "email", "ansprech",
                "osoba kontakt", "kontaktní"),
    "who": ("wer ", "who", "kto", "kdo", "welche", "which", "partner", "leitet", "lead",
            "prowadz", "vede", "koordin"),
    "count": ("wie viele", "how many", "ile ", "kolik", "anzahl", "number of", "liczba", "počet"),
}

_PATTERNS = {
    "amount": re.compile(r"\d[\d.,]*\s*(€|eur|euro)|\d+\s*%|(€|eur)\s*\d", re.I),
    "date": re.compile(r"\b(19|20)\d\d\b"),
    "place": re.compile(r"\b\d{5}\b|straße|str\.|ulica|ul\.|náměstí|sitz|mit sitz", re.I),
    "contact": re.compile(r"\+\d[\d\s\-/()]{6,}|@|tel\.|telefon", re.I),
    "who": re.compile(r"gmbh|s\.a\.|s\.r\.o\.|\bihk\b|kammer|lead partner|partner|zentrum", re.I),
    "count": re.compile(r"\b\d+\b"),
}

_STOP = set(bm25_tokens(
    "der die das und ist wer wie was wo wann welche gibt es ein eine für von zu im in auf mit "
    "the and is who what where when which how are there a an for of to in on with does do "
    "i w z na jest kto co gdzie kiedy jaki jaka jakie jak czy są się do od dla po "
    "a v ve s se na je kdo co kde kdy jaký jaká jaké jak jsou do od pro po "
    "projekt project projekt projektu me mir mi mně"
))


@dataclass
class Selection:
    sentences: list[tuple[int, str]]  # (citation number, sentence)
    cited: list[Passage]


def question_cues(question: str) -> set[str]:
    q = f" {question.lower()} "
    return {kind for kind, words in _CUES.items() if any(w in q for w in words)}


def content_tokens(text: str) -> set[str]:
    return {tok for tok in bm25_tokens(text) if tok not in _STOP}


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
    def __init__(self, max_sentences: int = 3, max_passages: int = 3) -> None:
        self.max_sentences = max_sentences
        self.max_passages = max_passages

    def select(self, question: str, passages: list[Passage], language: str) -> Selection:
        cues = question_cues(question)
        q_tokens = content_tokens(question)
        top = passages[0].score if passages else 0.0
        candidates: list[tuple[float, int, int, str]] = []
        for p_idx, p in enumerate(passages[: self.max_passages]):
            # Passages far below the best one add noise rather than answers.
            if p.score < top - 0.04:
                continue
            sentences = split_sentences(p.text)
            for s_idx, sentence in enumerate(sentences):
                if len(sentence) < 25:
                    continue
                s_tokens = content_tokens(sentence)
                overlap = len(q_tokens & s_tokens) / (len(q_tokens) or 1)
                cue = sum(1.0 for c in cues if _PATTERNS[c].search(sentence))
                score = (2.0 * overlap + 0.8 * cue + 6.0 * (p.score - top)
                         - 0.03 * s_idx - 0.15 * p_idx)
                if p.language == language:
                    score += 0.1
                candidates.append((score, p_idx, s_idx, sentence))
        candidates.sort(key=lambda c: c[0], reverse=True)
        chosen = sorted(candidates[: self.max_sentences], key=lambda c: (c[1], c[2]))
        # One citation number per document, in the order the answer first uses it.
        doc_order: list[str] = []
        cited: list[Passage] = []
        for _, p_idx, _, _ in chosen:
            if passages[p_idx].doc_id not in doc_order:
                doc_order.append(passages[p_idx].doc_id)
                cited.append(passages[p_idx])
        numbered = [(doc_order.index(passages[p_idx].doc_id) + 1, sentence)
                    for _, p_idx, _, sentence in chosen]
        return Selection(numbered, cited)

    def compose(self, selection: Selection, language: str) -> str:
        lines = [t("found_intro", language), ""]
        for number, sentence in selection.sentences:
            lines.append(f"{sentence} [{number}]")
        other = sorted({p.language for p in selection.cited if p.language
                        and p.language != language and p.language != "und"})
        if other:
            langs = ", ".join(language_label(code, language) for code in other)
            lines += ["", t("sources_other_language", language, langs=langs)]
        return "\n".join(lines)
