"""The query analyser: places with their role, spoken languages, trades and intent.

Everything it knows comes from data: the gazetteer (organisation database + CLDR +
data/places.yaml), the trade taxonomy (data/trades.yaml), the intent examples
(data/intents.yaml) and one word-list file per language (data/words/). The question is embedded
once (the vector is the one retrieval uses, from the embedder's query cache) and reused for the
intent vote and the trade labels; example and label vectors are embedded once per process and
cached in the data dir per embedder.

A place has a role: where the asker is ("Ich habe eine Firma in Görlitz", "z Liberce
jesteśmy", "our plant in Zittau") or where they search ("in Tschechien", "partner in
Czechia"). Only the target is a constraint; the origin is kept apart (`origin_*`).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from knowledge.codes import fold
from knowledge.embeddings import Embedder
from knowledge.tuning import UNDERSTANDING, UnderstandingTuning, for_embedder
from knowledge.understanding.gazetteer import (
    Gazetteer,
    PlaceMatcher,
    PlaceMention,
    static_gazetteer,
    with_database_places,
)
from knowledge.understanding.intent import INTENTS, IntentClassifier, exemplars
from knowledge.understanding.lexicon import (
    InflectionIndex,
    Token,
    all_words,
    inflection_index,
    tokenize,
    word_lists,
)
from knowledge.understanding.trades import TradeEmbeddings, TradeMatcher, taxonomy
from knowledge.understanding.vocabulary import DataVocabulary, content_stems

log = logging.getLogger("lotse.understanding")

# A spoken-language word counts when a speak verb is this many words away or closer.
SPEAK_VERB_WINDOW = 3
# Forms this long also match as the start of a longer word ("polnischsprachiger").
SPOKEN_FORM_PREFIX = 10


@dataclass
class QueryAnalysis:
    wants_organisations: bool = False
    wants_institutions: bool = False
    wants_documents: bool = True
    countries: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2, search target
    regions: list[str] = field(default_factory=list)  # as stored, e.g. "Sachsen"
    cities: list[str] = field(default_factory=list)  # as stored, e.g. "Liberec"
    # Landscapes and towns no record stores ("Erzgebirge", "Munich"), by name, and where they
    # lie: circles (latitude, longitude, radius km) per name (knowledge.understanding.gazetteer).
    areas: list[str] = field(default_factory=list)
    area_circles: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)
    # Areas recognised by an ending or a typo only (not enough to say "none there").
    uncertain_areas: list[str] = field(default_factory=list)
    spoken_languages: list[str] = field(default_factory=list)  # ISO 639-1
    sectors: list[str] = field(default_factory=list)  # canonical sector names
    topics: list[str] = field(default_factory=list)  # kept for callers; no longer filled
    capabilities: list[str] = field(default_factory=list)  # taxonomy capability names
    # Where the asker is: context, never a filter.
    origin_countries: list[str] = field(default_factory=list)
    origin_regions: list[str] = field(default_factory=list)
    origin_cities: list[str] = field(default_factory=list)
    intent: dict[str, float] = field(default_factory=dict)  # share per intent, sums to 1
    # Organisations that seek what the asker offers ("Wer braucht Kabelbäume?"): searched by
    # what they seek; `offered_capabilities` is what the asker says they do.
    wants_seekers: bool = False
    offered_capabilities: list[str] = field(default_factory=list)
    # Kinds of organisation the question names ("Forschungsinstitut", "klastr"): preferred.
    kinds: list[str] = field(default_factory=list)
    # Word stems of the question that the organisation records' own offers use (rare enough
    # to name a trade, not a place or a common word): a trade named in the data's words,
    # whether or not data/trades.yaml lists it. `offered_terms` likewise for the asker's own
    # trade, from the records' seeks.
    trade_terms: list[str] = field(default_factory=list)
    offered_terms: list[str] = field(default_factory=list)
    # Certifications the records hold that the question names ("IATF 16949", "17025").
    certifications: list[str] = field(default_factory=list)


def _add(items: list[str], value: str) -> None:
    if value and value not in items:
        items.append(value)


# Example and label vectors by (embedder, texts) digest, shared by the analysers of a process.
_example_vectors: dict[str, np.ndarray] = {}

DatabasePlaces = Callable[[], tuple[str, Iterable[tuple[str | None, str | None, str]]]]
Vocabulary = Callable[[], DataVocabulary | None]


class QueryAnalyser:
    """One per process and data dir; thread-safe, loads its data lazily and once."""

    def __init__(self, embedder: Embedder | None = None, cache_dir: Path | None = None,
                 database_places: DatabasePlaces | None = None,
                 signature: Callable[[], str] | None = None,
                 recheck_seconds: float = 2.0, vocabulary: Vocabulary | None = None,
                 certifications: Callable[[], dict[str, str]] | None = None) -> None:
        # folded distinctive word ("16949", "iatf") -> the certification as the records
        # write it ("IATF 16949"), from the organisation data
        self._certifications = certifications
        self.embedder = embedder
        self._vocabulary = vocabulary
        self.cache_dir = cache_dir
        self._database_places = database_places
        self._signature = signature
        self._recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._static: Gazetteer | None = None
        self._places: PlaceMatcher | None = None
        self._trades: TradeMatcher | None = None
        self._db_signature: str | None = None
        self._checked_at = 0.0
        self._intents: IntentClassifier | None = None
        self._labels: TradeEmbeddings | None = None
        identity = getattr(embedder, "identity", None)
        self.tuning: UnderstandingTuning = for_embedder(UNDERSTANDING, identity, "understanding")

    # -- lazily built parts --------------------------------------------------------------------
    def _matchers(self) -> tuple[PlaceMatcher, TradeMatcher]:
        now = time.monotonic()
        with self._lock:
            stale = self._places is None
            if (not stale and self._signature is not None
                    and now - self._checked_at >= self._recheck_seconds):
                self._checked_at = now
                # Imports add cities and regions: a changed database rebuilds the gazetteer.
                stale = self._signature() != self._db_signature
            if stale:
                self._build()
                self._checked_at = now
            assert self._places is not None and self._trades is not None
            return self._places, self._trades

    def _build(self) -> None:
        if self._static is None:
            self._static = static_gazetteer()
        gazetteer = self._static
        if self._database_places is not None:
            signature, rows = self._database_places()
            gazetteer = with_database_places(self._static, rows)
            self._db_signature = signature
        # The inflection index covers the static vocabulary only, so it is built once and
        # cached for good; cities only the database knows match folded or one typo away.
        index = shared_inflection_index(self.cache_dir)
        self._places = gazetteer.matcher(index)
        self._trades = TradeMatcher(taxonomy(), index)

    def _vector_models(self) -> tuple[IntentClassifier, TradeEmbeddings] | None:
        if self.embedder is None:
            return None
        with self._lock:
            if self._intents is None or self._labels is None:
                examples = exemplars()
                tax = taxonomy()
                texts = [e.text for e in examples] + TradeEmbeddings.texts(tax)
                vectors = self._embedded(texts)
                self._intents = IntentClassifier(examples, vectors[:len(examples)])
                self._labels = TradeEmbeddings(tax, vectors[len(examples):])
            return self._intents, self._labels

    def _embedded(self, texts: list[str]) -> np.ndarray:
        assert self.embedder is not None
        identity = getattr(self.embedder, "identity", "unknown")
        digest = hashlib.sha256("\n".join([identity, *texts]).encode()).hexdigest()[:16]
        if digest in _example_vectors:  # another data dir in this process embedded them
            return _example_vectors[digest]
        path = self.cache_dir / f"vectors-{digest}.npy" if self.cache_dir else None
        if path is not None and path.exists():
            try:
                cached = np.load(path)
                if cached.shape[0] == len(texts):
                    _example_vectors[digest] = cached
                    return cached
            except (OSError, ValueError):
                pass
        vectors = np.asarray(self.embedder.embed_queries(texts), dtype=np.float32)
        _example_vectors[digest] = vectors
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path.with_suffix(".tmp"), "wb") as handle:
                    np.save(handle, vectors)
                path.with_suffix(".tmp").replace(path)
            except OSError as exc:
                log.warning("could not cache example vectors: %s", exc)
        return vectors

    def matchers(self) -> tuple[PlaceMatcher, TradeMatcher]:
        """The place and trade matchers for the database as it is now."""
        return self._matchers()

    def vocabulary(self) -> DataVocabulary | None:
        """The organisation records' own vocabulary, when a database is attached."""
        return self._vocabulary() if self._vocabulary is not None else None

    def warm(self) -> None:
        """Build everything now (a server calls this at start instead of on the first turn)."""
        self._matchers()
        self._vector_models()

    # -- analysis ------------------------------------------------------------------------------
    def analyse(self, text: str, lang: str = "en",
                vector: np.ndarray | None = None) -> QueryAnalysis:
        places, trades = self._matchers()
        analysis = QueryAnalysis()
        tokens = tokenize(text or "")
        taken: set[int] = set()
        analysis.spoken_languages = _spoken_languages(tokens, taken)
        mentions = places.find(tokens, taken)
        for mention in mentions:
            if _is_origin(text or "", lang, tokens, mention, mentions):
                add_place(mention, analysis.origin_countries, analysis.origin_regions,
                           analysis.origin_cities)
            else:
                add_place(mention, analysis.countries, analysis.regions, analysis.cities,
                          analysis.areas, analysis.area_circles)
                if mention.place.kind == "area" and mention.place.inexact:
                    _add(analysis.uncertain_areas, mention.place.name)
        # The asker's own trade ("Ich habe eine Metallbaufirma") is not what they look for.
        own = _self_description(text or "", lang, tokens)
        for trade in trades.named(tokens, skip=taken | own):
            if trade.is_capability:
                _add(analysis.capabilities, trade.name)
            _add(analysis.sectors, trade.sector)
        analysis.kinds = _kinds_named(tokens, taken | own)
        if self._certifications is not None:
            names = self._certifications()
            for token in tokens:
                if token.folded in names and (any(c.isdigit() for c in token.text)
                                              or token.text.isupper()):
                    _add(analysis.certifications, names[token.folded])
        vocabulary = self.vocabulary()
        if vocabulary is not None:
            limit = self.tuning.data_term_max_share
            elsewhere = [i for i in range(len(tokens)) if i not in taken | own]
            # Only words that companies rather than agencies use name a trade: "Export" in a
            # question about help is no reason to list companies.
            analysis.trade_terms = vocabulary.trades(
                vocabulary.named(content_stems(tokens, elsewhere), "offers", limit))
            analysis.offered_terms = vocabulary.named(
                content_stems(tokens, sorted(own - taken)), "seeks", limit)
        if own:
            elsewhere = set(range(len(tokens))) - own
            for trade in trades.named(tokens, skip=taken | elsewhere):
                if trade.is_capability and trade.name not in analysis.capabilities:
                    _add(analysis.offered_capabilities, trade.name)

        models = self._vector_models() if (text or "").strip() else None
        if models is not None:
            if vector is None:
                assert self.embedder is not None
                vector = self.embedder.embed_query(text)
            intents, labels = models
            if not analysis.capabilities:
                for trade, _sim in labels.nearest(vector, self.tuning.trade_label_similarity,
                                                  self.tuning.trade_label_margin):
                    _add(analysis.capabilities, trade.name)
                    _add(analysis.sectors, trade.sector)
            analysis.intent = intents.shares(vector, self.tuning.intent_neighbours)
        else:
            analysis.intent = {"documents": 1.0} if not (text or "").strip() else dict.fromkeys(
                INTENTS, round(1 / len(INTENTS), 4))
        share = self.tuning.organisation_intent_share
        organisations = analysis.intent.get("organisations", 0.0)
        institutions = analysis.intent.get("institutions", 0.0)
        seekers = analysis.intent.get("seekers", 0.0)
        # Funding questions are answered from the programme catalogue and the documents.
        asks_elsewhere = (analysis.intent.get("documents", 0.0) + analysis.intent.get("other", 0.0)
                          + analysis.intent.get("funding", 0.0))
        if analysis.capabilities or analysis.trade_terms:
            # A named trade is what companies offer, not what agencies do ("Kdo v Drážďanech
            # dělá CNC obrábění?"): companies unless the documents or nothing are asked for;
            # institutions too only when they are named or clearly asked for.
            analysis.wants_organisations = asks_elsewhere < share
            # A trade only the records' words name (no taxonomy entry) is a company word by
            # construction (`DataVocabulary.trades`); the vote adds no institutions to it.
            analysis.wants_institutions = ("institution" in analysis.kinds
                                           or (bool(analysis.capabilities) and institutions
                                               >= self.tuning.clear_intent_share))
        else:
            analysis.wants_organisations = organisations + seekers >= share
            analysis.wants_institutions = institutions >= share
        if "institution" in analysis.kinds and not analysis.capabilities:
            # "Which institution/office/chamber ...": institutions, and companies only when
            # the examples clearly say so.
            analysis.wants_institutions = True
            analysis.wants_organisations = organisations >= self.tuning.clear_intent_share
        if "research" in analysis.kinds:
            analysis.wants_organisations = True
        if "company" in analysis.kinds and (analysis.capabilities or analysis.trade_terms):
            # "... und welcher Betrieb in Liberec kann pulverbeschichten?" next to a funding
            # question: the vote is split between the two asks, the words are not.
            analysis.wants_organisations = True
        # Who seeks what the asker offers: the examples alone cannot tell "wir suchen X" from
        # "wer sucht X" (their embeddings are close), so a seeker word must be there too.
        if seekers >= self.tuning.organisation_share_with_trade and _seeker_cue(
                text or "", lang, tokens):
            analysis.wants_seekers = True
            analysis.wants_organisations = True
            analysis.wants_institutions = False
        analysis.wants_documents = (analysis.intent.get("documents", 0.0)
                                    + analysis.intent.get("funding", 0.0) >= 1 - share
                                    or not (analysis.wants_organisations
                                            or analysis.wants_institutions))
        return analysis


@lru_cache(maxsize=1)
def static_vocabulary() -> frozenset[str]:
    """Words of the data files whose inflections simplemma knows."""
    vocabulary = static_gazetteer().vocabulary() | taxonomy().vocabulary()
    for lists in word_lists().values():
        for forms in lists.language_words.values():
            vocabulary |= set(forms)
    return frozenset(vocabulary)


def shared_inflection_index(cache_dir: Path | None) -> InflectionIndex:
    return inflection_index(set(static_vocabulary()), cache_dir)


def _same_word(token: Token, written: str) -> bool:
    """A word typed with its accents must match them ("potrzebuję" is not "potrzebuje"); one
    typed without any is matched folded (many type without diacritics)."""
    if token.lower == written:
        return True
    return token.lower == token.folded and token.folded == fold(written)


@lru_cache(maxsize=1)
def _seeker_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(p for lists in word_lists().values() for p in lists.seeker_cues)


def _seeker_cue(text: str, lang: str, tokens: list[Token]) -> bool:
    """A word saying that others need something ("Wer braucht ...", "customers for"). A verb
    that is also a search cue counts only when no first-person word precedes it in its
    sentence: "wir bauen ... und brauchen Kabelbäume" is the asker's own need, a supplier
    search."""
    first_person = all_words("first_person")
    search_cues = all_words("search_cues")
    written = {t.lower for t in tokens} | {t.folded for t in tokens}
    for phrase in _seeker_phrases():
        if phrase[0] not in written and fold(phrase[0]) not in written:
            continue  # cannot start here (the common case: one set lookup per phrase)
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if not all(_same_word(tokens[i + k], phrase[k]) for k in range(n)):
                continue
            if n == 1 and tokens[i].folded in search_cues:
                start = i
                while start > 0 and not any(
                        ch in text[tokens[start - 1].end:tokens[start].start] for ch in ".!?;"):
                    start -= 1
                if any(t.folded in first_person for t in tokens[start:i]):
                    continue
            return True
    return False


@lru_cache(maxsize=65536)
def _word_matches(folded: str, word: str) -> bool:
    from knowledge.understanding.trades import words_match

    return words_match(Token(folded, folded, folded, 0, 0), word)


@lru_cache(maxsize=1)
def _kind_phrases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((kind, phrase) for lists in word_lists().values()
                 for kind, phrases in lists.kinds.items() for phrase in phrases)


@lru_cache(maxsize=65536)
def _kind_phrases_starting(folded: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((kind, phrase) for kind, phrase in _kind_phrases()
                 if _word_matches(folded, phrase[0]))


def _kinds_named(tokens: list[Token], skip: set[int]) -> list[str]:
    found: list[str] = []
    for i, token in enumerate(tokens):
        if i in skip:
            continue
        for kind, phrase in _kind_phrases_starting(token.folded):
            end = i + len(phrase)
            if end > len(tokens) or any(j in skip for j in range(i, end)):
                continue
            if all(_word_matches(tokens[i + k].folded, phrase[k])
                   for k in range(1, len(phrase))):
                _add(found, kind)
    return found


def add_place(mention: PlaceMention, countries: list[str], regions: list[str],
               cities: list[str], areas: list[str] | None = None,
               circles: dict[str, list[tuple[float, float, float]]] | None = None) -> None:
    """`areas`/`circles` None: the asker's own place, where only city, region and country
    matter (context, never a filter)."""
    place = mention.place
    if place.kind == "city":
        _add(cities, place.name)
    elif place.kind == "region":
        for region in place.regions or (place.name,):
            _add(regions, region)
    elif place.kind == "area":
        if areas is None or circles is None:
            return
        _add(areas, place.name)
        circles[place.name] = list(place.circles)
        # The area's country is not a target of its own: "veletrh v Norimberku ... německá
        # firma" names Germany apart from the town, "firms in Munich" does not.
        return
    _add(countries, place.country)


@lru_cache(maxsize=65536)
def _spoken_readings(lower: str, folded: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Per word list (language order), how a word may name a spoken language: ("form", code)
    on its own ("polsku", "polnischsprachiger"), ("word", code) only next to a speak verb
    or preposition ("Polnisch"). Worked out once per word."""
    out: list[tuple[tuple[str, str], ...]] = []
    for words in word_lists().values():
        readings: list[tuple[str, str]] = []
        for language, forms in words.spoken_forms.items():
            if lower in forms or any(len(f) >= SPOKEN_FORM_PREFIX and lower.startswith(f)
                                     for f in forms):
                readings = [("form", language)]
        if not readings:
            readings = [("word", language) for language, forms in words.language_words.items()
                        if folded in forms]
        out.append(tuple(readings))
    return tuple(out)


def _spoken_languages(tokens: list[Token], taken: set[int]) -> list[str]:
    verbs = all_words("speak_verbs")
    prepositions = all_words("speak_prepositions")
    found: list[str] = []
    for i, token in enumerate(tokens):
        code = None
        for readings in _spoken_readings(token.lower, token.folded):
            for kind, language in readings:
                if kind == "form":
                    code = language
                    continue
                before = tokens[i - 1].folded if i > 0 else ""
                window = tokens[max(0, i - SPEAK_VERB_WINDOW):i + SPEAK_VERB_WINDOW + 1]
                if before in prepositions or any(t.folded in verbs for t in window):
                    code = language
            if code:
                break
        if code:
            taken.add(i)
            _add(found, code)
    return found


def _clause(text: str, tokens: list[Token], position: int, lang: str) -> tuple[int, int]:
    """The token range of the clause around `position` (punctuation or a conjunction).

    Conjunctions are the question's language's only: Polish "i" and Czech "a" are English
    words too."""
    lists = word_lists().get(lang)
    conjunctions = lists.clause_breaks if lists else frozenset()

    def breaks(left: Token, right: Token) -> bool:
        return any(ch in text[left.end:right.start] for ch in ".,;:!?()") \
            or right.folded in conjunctions

    start = position
    while start > 0 and not breaks(tokens[start - 1], tokens[start]):
        start -= 1
    if start < position and tokens[start].folded in conjunctions:
        start += 1  # the joining word is no part of the clause (Polish "i" is English "I")
    end = position
    while end + 1 < len(tokens) and not breaks(tokens[end], tokens[end + 1]):
        end += 1
    return start, end


def _self_description(text: str, lang: str, tokens: list[Token]) -> set[int]:
    """Token positions of clauses in which the asker describes themselves: a first-person
    word and no search word ("I run a small metalworking company in Görlitz.")."""
    first_person = all_words("first_person")
    cues = all_words("search_cues")
    out: set[int] = set()
    lists = word_lists().get(lang)
    conjunctions = lists.clause_breaks if lists else frozenset()
    i = 0
    while i < len(tokens):
        start, end = _clause(text, tokens, i, lang)
        # the joining word opens the clause but is no part of it (Polish "i" is English "I")
        first = start + 1 if tokens[start].folded in conjunctions and start < end else start
        words = {t.folded for t in tokens[first:end + 1]}
        if words & first_person and not words & cues:
            out.update(range(start, end + 1))
        i = end + 1
    return out


def _is_origin(text: str, lang: str, tokens: list[Token], mention: PlaceMention,
               mentions: list[PlaceMention]) -> bool:
    """Where the asker is, not where they search (see the module docstring)."""
    first_person = all_words("first_person")
    cues = all_words("search_cues")
    origin_prepositions = all_words("origin_prepositions")
    start, _end = _clause(text, tokens, mention.first, lang)
    # A first-person word before the place in its clause, with no search word in between:
    # "Ich habe eine Firma in Görlitz", "our plant in Zittau" (but "wir suchen ... in Polen").
    for i in range(mention.first - 1, start - 1, -1):
        word = tokens[i].folded
        if word in cues:
            break
        if word in first_person:
            # ... unless it is a search word's object: "Find me a shipyard in Gdańsk",
            # "show us firms in Plzeň" search there.
            if i > start and tokens[i - 1].folded in cues:
                break
            return True
    # "z Liberce jesteśmy": the first-person word follows in the same clause.
    _start, end = _clause(text, tokens, mention.last, lang)
    before = tokens[mention.first - 1].folded if mention.first > 0 else ""
    after = {t.folded for t in tokens[mention.last + 1:end + 1]}
    if before in origin_prepositions and after & first_person and not after & cues:
        return True
    # "Firma aus Görlitz sucht Partner in Polen": a "from" place next to another place.
    return before in origin_prepositions and any(
        m is not mention and m.first > mention.last for m in mentions)
