"""A question split into its asks: "Wer leitet X und wie hoch ist das Budget?" asks twice.

Each ask gets its own evidence and its own "not in the sources", so one part answered well does
not hide that the other was not answered at all. The words that join and open asks are per
language in `data/asks.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from knowledge.retrieval import bm25_tokens
from knowledge.understanding.lexicon import fold, word_lists

_DATA = Path(__file__).parent / "data" / "asks.yaml"
_TOKEN = re.compile(r"[^\W_]+(?:[-+.'][^\W_]+)*\+?|[,?]", re.UNICODE)
# Separators that are not words: a comma cuts before an opener, a question mark before
# anything (a question has ended: "Kiedy trwał projekt X? Szukamy też ...").
_MARKS = frozenset({",", "?"})
# A word right after the end of a sentence is capitalised by position, not as a name.
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)([^\W_]+)", re.UNICODE)


@dataclass(frozen=True)
class AskWords:
    joiners: tuple[tuple[str, ...], ...]
    openers: tuple[tuple[str, ...], ...]
    date_markers: frozenset[str]
    place_markers: frozenset[str]
    # Words that point back to what the conversation said before ("it", "dort", "tego").
    references: tuple[tuple[str, ...], ...] = ()


@dataclass
class Ask:
    """One part of a question: its own words, and the names it inherits from the rest
    ("... und wie hoch ist das Budget?" is about the project named in the first part)."""

    text: str
    inherited: list[str] = field(default_factory=list)

    @property
    def query(self) -> str:
        """What to search for this ask: its words plus the names it is about."""
        return " ".join([self.text, *self.inherited]).strip()

    @property
    def label(self) -> str:
        """How the answer names this ask: "die Laufzeit (InnoCoopPolSax)"."""
        return f"{self.text} ({', '.join(self.inherited)})" if self.inherited else self.text


@cache
def ask_words(language: str) -> AskWords:
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    entry = data.get(language) or data["en"]

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        # Longest first, so "a także" wins over "a".
        found = {tuple(str(w).lower().split()) for w in entry.get(key, [])}
        return tuple(sorted(found, key=len, reverse=True))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in entry.get(key, []))

    return AskWords(phrases("joiners"), phrases("openers"), words("date_markers"),
                    words("place_markers"), phrases("references"))


def _match(words: list[str], at: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the phrase from `phrases` that starts at `at`, 0 if none."""
    for phrase in phrases:
        if tuple(words[at:at + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def split_asks(question: str, language: str) -> list[Ask]:
    """The asks of one message, in order. A message is cut at a joiner or a comma only where
    the next words open a new ask; a leading joiner ("und die Laufzeit?") is dropped."""
    words = ask_words(language)
    tokens = [m for m in _TOKEN.finditer(question)]
    lowered = [m.group(0).lower() for m in tokens]
    cuts: list[tuple[int, int]] = []  # (first token of the separator, first token of the ask)
    i = 0
    while i < len(tokens):
        separator = 1 if lowered[i] in _MARKS else _match(lowered, i, words.joiners)
        if separator and i > 0:
            after = i + separator
            while after < len(tokens) and lowered[after] in _MARKS:
                after += 1
            # After a question mark whatever follows is a new ask (a joiner opening it is
            # dropped below); elsewhere only where an opener follows.
            if (after < len(tokens) and lowered[i] == "?") or _match(lowered, after,
                                                                     words.openers):
                cuts.append((i, after))
                i = after
                continue
        i += 1
    spans: list[tuple[int, int]] = []
    start = 0
    for separator_at, next_at in cuts:
        spans.append((start, separator_at))
        start = next_at
    spans.append((start, len(tokens)))
    asks: list[Ask] = []
    for first, end in spans:
        lead = _match(lowered, first, words.joiners) if first < end else 0
        first += lead
        if first >= end:
            continue
        while end > first and lowered[end - 1] in _MARKS:
            end -= 1
        if first >= end:
            continue
        text = question[tokens[first].start():tokens[end - 1].end()].strip(" ,;?")
        if text:
            asks.append(Ask(text))
    if not asks:
        return [Ask(question.strip())]
    if len(asks) > 1:
        _share_names(asks, language)
    return asks


def _share_names(asks: list[Ask], language: str) -> None:
    """An ask that names nothing inherits the names the others mention: in "Kto prowadził
    projekt InnoCoopPolSax i ile wynosił budżet?" the budget is InnoCoopPolSax's. An ask with a
    name of its own keeps to it ("Co je EFRR a co je Interreg?" asks about each alone)."""
    for ask in asks:
        if name_words(ask.text, language):
            continue
        own = set(bm25_tokens(ask.text))
        for other in asks:
            if other is ask:
                continue
            for name in name_words(other.text, language):
                if not set(bm25_tokens(name)) <= own and name not in ask.inherited:
                    ask.inherited.append(name)


def name_words(text: str, language: str) -> list[str]:
    """The words of `text` written like names, in their written form and order: shaped like a
    name in any language (`is_strong_name`), or, where only names are capitalised (not in
    German, which capitalises every noun), capitalised after the first word."""
    found: list[str] = []
    sentence_starts = {m.start(1) for m in _SENTENCE_START.finditer(text)}
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if word in _MARKS:
            continue
        capitalised = (m.start() not in sentence_starts and language != "de"
                       and word[:1].isupper() and len(word) > 2)
        if (is_strong_name(word) or capitalised) and word not in found:
            found.append(word)
    return found


def is_strong_name(word: str) -> bool:
    """Shaped like a proper name whatever the language's capitalisation rules: a capital after
    the first letter (acronyms, CamelCase) or letters and digits in one word. German capitalises
    every noun, so a single leading capital is no evidence of a name."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 3:
        return False
    inner_capital = any(ch.isupper() for ch in letters[1:])
    has_digit = any(ch.isdigit() for ch in word)
    return inner_capital or has_digit


def carried_names(query: str, message: str, language: str) -> list[str]:
    """Names of a rewritten follow-up that came from the earlier turns, not from the message
    itself: "und die Laufzeit?" after a question about InnoCoopPolSax is about InnoCoopPolSax.

    German writes a project named like a noun ("Glokalisierung") as it writes every noun, so
    when no word of the earlier turns is shaped like a name, their content words (not the
    language's stop words and question cues, data/words/<lang>.yaml) are carried instead:
    "und wer sind die Partner?" after the budget of Glokalisierung asks for its partners."""
    own = set(bm25_tokens(message))
    names = [w for w in name_words(query, language) if not set(bm25_tokens(w)) <= own]
    if names:
        return names
    stop = word_lists()[language].stop | word_lists()[language].search_cues \
        if language in word_lists() else frozenset()
    carried = [m.group(0) for m in _TOKEN.finditer(query)
               if m.group(0) not in _MARKS and len(m.group(0)) > 2
               and fold(m.group(0)) not in stop
               and not set(bm25_tokens(m.group(0))) <= own]
    return [" ".join(dict.fromkeys(carried))] if carried else []
