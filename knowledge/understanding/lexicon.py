"""Words: tokens, folding, the per-language word lists, and inflections from simplemma.

A question's words are compared with names and terms folded (no case, no accents) and by
lemma. Lemmas come from simplemma's dictionaries (de/en/pl/cs), but only for the vocabulary the
analyser knows (place names, trade terms, speak verbs): the inverted dictionary maps every
inflected form of those words to their lemma ("Liberce" -> liberec, "w Czechach" -> czechy,
"obróbki" -> obrobka). Loading simplemma's four dictionaries takes seconds, so the small
inverted index is built once per vocabulary and cached on disk in the data dir; a question's
lemmas are then dictionary lookups.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.codes import fold
from knowledge.languages import FIRST_CLASS

log = logging.getLogger("lotse.understanding")

DATA_DIR = Path(__file__).with_name("data")
# Every first-class language has its word lists in data/words/<code>.yaml.
LANGUAGES = FIRST_CLASS
# Words joined by hyphens split: "CNC-Fräsen", "czech-speaking", "IT-Sicherheit".
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    text: str  # as written
    lower: str  # lower case, accents kept ("česky" is not "český")
    folded: str  # lower case, no accents
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.group(0).lower(), fold(m.group(0)), m.start(), m.end())
            for m in _TOKEN.finditer(text or "")]


def load_yaml(name: str) -> Any:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class WordLists:
    """One language's remaining word lists (data/words/<lang>.yaml), folded."""

    stop: frozenset[str]
    first_person: frozenset[str]
    origin_prepositions: frozenset[str]
    # Words before a place name ("in", "bei", "w", "koło", "v", "u"): towns.tsv's names count
    # only after one (knowledge.understanding.gazetteer).
    place_prepositions: frozenset[str]
    search_cues: frozenset[str]
    clause_breaks: frozenset[str]
    speak_prepositions: frozenset[str]
    speak_verbs: frozenset[str]
    spoken_forms: dict[str, frozenset[str]]  # language code -> lower-case forms, accents kept
    language_words: dict[str, frozenset[str]]  # language code -> folded forms
    kinds: dict[str, tuple[tuple[str, ...], ...]]  # organisation kind -> folded phrases
    # Lower case, accents kept: Polish "potrzebuję" (I need) is not "potrzebuje" (needs).
    seeker_cues: tuple[tuple[str, ...], ...]


def _folded(words: list[str] | None) -> frozenset[str]:
    return frozenset(fold(str(w)) for w in words or [])


@lru_cache(maxsize=1)
def word_lists() -> dict[str, WordLists]:
    out: dict[str, WordLists] = {}
    for lang in LANGUAGES:
        raw = load_yaml(f"words/{lang}.yaml")
        out[lang] = WordLists(
            stop=_folded(raw.get("stop")), first_person=_folded(raw.get("first_person")),
            origin_prepositions=_folded(raw.get("origin_prepositions")),
            place_prepositions=_folded(raw.get("place_prepositions")),
            search_cues=_folded(raw.get("search_cues")),
            clause_breaks=_folded(raw.get("clause_breaks")),
            speak_prepositions=_folded(raw.get("speak_prepositions")),
            speak_verbs=_folded(raw.get("speak_verbs")),
            spoken_forms={code: frozenset(str(w).lower() for w in words)
                          for code, words in (raw.get("spoken_forms") or {}).items()},
            language_words={code: _folded(words)
                            for code, words in (raw.get("language_words") or {}).items()},
            kinds={kind: tuple(tuple(t.folded for t in tokenize(str(p))) for p in phrases)
                   for kind, phrases in (raw.get("kinds") or {}).items()},
            seeker_cues=tuple(tuple(t.lower for t in tokenize(str(p)))
                              for p in raw.get("seeker_cues") or []))
    return out


@lru_cache(maxsize=32)
def all_words(attribute: str) -> frozenset[str]:
    """One word list across the four languages (a question's language may be misdetected)."""
    words: set[str] = set()
    for lists in word_lists().values():
        words |= getattr(lists, attribute)
    return frozenset(words)


# -- inflections -------------------------------------------------------------------------------
class InflectionIndex:
    """Folded inflected form -> folded lemmas, for a fixed vocabulary (see module docstring)."""

    def __init__(self, lemmas: dict[str, frozenset[str]]) -> None:
        self._lemmas = lemmas

    def forms(self, folded: str) -> frozenset[str]:
        """The word itself and every lemma it may be a form of."""
        return self._lemmas.get(folded, frozenset()) | {folded}

    def __len__(self) -> int:
        return len(self._lemmas)

    @classmethod
    def build(cls, vocabulary: set[str]) -> InflectionIndex:
        """Invert simplemma's dictionaries for `vocabulary` (words as written, any case)."""
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        wanted: set[bytes] = set()
        for word in vocabulary:
            for variant in (word, word.lower(), word[:1].upper() + word[1:].lower()):
                wanted.add(variant.encode())
        lemmas: dict[str, set[str]] = {}
        for lang in LANGUAGES:
            mapping = DefaultDictionaryFactory(cache_max_size=1).get_dictionary(lang)
            raw: dict[bytes, bytes] = getattr(mapping, "_dict", None) or {
                k.encode(): v.encode() for k, v in mapping.items()}
            # A vocabulary word may itself be an inflected form ("Saksonii"); its lemma then
            # joins the wanted lemmas so the other forms of that lemma are found too.
            found = {lemma for form, lemma in raw.items() if lemma in wanted or form in wanted}
            for form, lemma in raw.items():
                if lemma in found:
                    folded_lemma = fold(lemma.decode())
                    folded_form = fold(form.decode())
                    if folded_form != folded_lemma:
                        lemmas.setdefault(folded_form, set()).add(folded_lemma)
            # vocabulary words that are forms: let them share their lemma
            for word in vocabulary:
                lemma = raw.get(word.encode()) or raw.get(word.lower().encode())
                if lemma is not None and fold(lemma.decode()) != fold(word):
                    lemmas.setdefault(fold(word), set()).add(fold(lemma.decode()))
        return cls({form: frozenset(values) for form, values in lemmas.items()})

    def to_json(self) -> str:
        return json.dumps({k: sorted(v) for k, v in sorted(self._lemmas.items())},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> InflectionIndex:
        return cls({k: frozenset(v) for k, v in json.loads(text).items()})


_index_lock = threading.Lock()
_memory_indexes: dict[str, InflectionIndex] = {}
# The index for the shipped data files, built by `python -m knowledge.understanding.shipped_index`:
# loading it spares every new data dir the seconds (and half a gigabyte) simplemma's Polish
# dictionary takes. A stale file (data files changed, other simplemma) is simply not used.
SHIPPED_INDEX = DATA_DIR / "inflections.json"


def vocabulary_digest(vocabulary: set[str]) -> str:
    import simplemma

    version = getattr(simplemma, "__version__", "?")
    return hashlib.sha256(("\n".join(sorted(vocabulary)) + version).encode()).hexdigest()[:16]


def _shipped(digest: str) -> InflectionIndex | None:
    try:
        data = json.loads(SHIPPED_INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("digest") != digest:
        return None
    return InflectionIndex({k: frozenset(v) for k, v in data["lemmas"].items()})


def inflection_index(vocabulary: set[str], cache_dir: Path | None) -> InflectionIndex:
    """The index for this vocabulary: from memory, shipped, from the data dir's cache, or
    built (and cached there)."""
    digest = vocabulary_digest(vocabulary)
    with _index_lock:
        if digest in _memory_indexes:
            return _memory_indexes[digest]
        path = cache_dir / f"inflections-{digest}.json" if cache_dir else None
        index: InflectionIndex | None = _shipped(digest)
        if index is None and path is not None and path.exists():
            try:
                index = InflectionIndex.from_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                index = None
        if index is None:
            log.info("building the inflection index for %d words (once per vocabulary)",
                     len(vocabulary))
            index = InflectionIndex.build(vocabulary)
            if path is not None:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_suffix(".tmp")
                    tmp.write_text(index.to_json(), encoding="utf-8")
                    tmp.replace(path)
                except OSError as exc:  # a read-only data dir still answers
                    log.warning("could not cache the inflection index: %s", exc)
        _memory_indexes[digest] = index
        return index
