"""Sentences: where a text splits into them, and which of them can answer anything.

Both sides use them: ingestion indexes documents sentence by sentence, and the extractive
answer quotes sentences. They live in knowledge/ so that the answer engine need not import
ingestion.
"""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence (de, en, pl, cs, company forms).
_ABBREVIATIONS = {
    "z", "b", "u", "a", "ca", "bzw", "nr", "tel", "fax", "vgl", "ggf", "inkl", "evtl", "str",
    "dr", "prof", "dipl", "ing", "mio", "mrd", "jh", "usw", "etc", "e", "v", "np", "m", "in",
    "tj", "tzn", "ok", "ul", "al", "tys", "mln", "atd", "mj", "tzv", "resp", "č", "s", "r", "o",
    "gmbh", "mr", "mrs", "ms", "st", "no", "vs", "eg", "ie", "inc", "ltd", "co", "sa", "p",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dez",
    "dec", "d", "h", "i", "ag", "kg",
    # Language names before a foreign term: Polish "ang. servitization, niem. Servitisierung",
    # German "engl.", "poln.", "tschech.", Czech "angl.", "něm.".
    "ang", "niem", "engl", "poln", "tschech", "angl", "něm", "tzw", "wg",
}

_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'»“”)]*\s+(?=[\"'„«(\[]*[A-ZÄÖÜÀ-ÝŁŚŻŹĆŃČŘŠŽĚŮÚ0-9•\-])")
_LAST_WORD = re.compile(r"([^\s(]+)$")


def split_sentences(text: str) -> list[str]:
    """Split into sentences without breaking "z. B.", "1. Juli", "s.r.o." or "1.889.299,50 €".

    List items and lines are sentences of their own: source pages are full of bullet lists.
    """
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _BOUNDARY.finditer(line):
            candidate = line[start:match.start()].strip()
            last = _LAST_WORD.search(candidate)
            word = last.group(1).rstrip(".!?…\"'»“”)").lower() if last else ""
            # "1." before a month (an ordinal) or "GmbH." mid-sentence: not a boundary; a year
            # such as "2017." does end a sentence.
            ordinal = word.isdigit() and len(word) <= 2
            if ordinal or word.split(".")[-1] in _ABBREVIATIONS or len(word) == 1:
                continue
            sentences.append(candidate)
            start = match.end()
        rest = line[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences


_PROVENANCE = re.compile(r"^((quelle|quellen|source|sources|źródło|źródła|zdroj|zdroje)\b|"
                         r"(übersetzung|translation|tłumaczenie|překlad)\s*:)", re.I)


def is_quotable(sentence: str) -> bool:
    """Whether a sentence can answer anything: provenance lines ("Quelle der Fakten: ...",
    a translation's "Translation: this is the English translation of ...") belong in the source
    list, and FAQ headings are questions, not answers."""
    text = sentence.strip()
    return not (_PROVENANCE.match(text) or text.endswith("?"))
