"""Places from data: the organisation database's own cities and regions, country names from
CLDR (Babel) in the four languages, and data/places.yaml for exonyms and adjectives no library
knows ("Reichenberg" is Liberec, "sächsisch" is Saxony).

A name matches a run of a question's tokens when each token equals the name's token folded or
shares a lemma with it (`InflectionIndex`); a long token one typo away also matches
("Gorltz"). Longer names win over shorter ones ("Saská Kamenice" is Chemnitz, not Saxony).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from babel import Locale
from rapidfuzz import fuzz
from rapidfuzz import process as fuzzy

from knowledge.codes import country_codes, fold
from knowledge.understanding.lexicon import LANGUAGES, InflectionIndex, Token, load_yaml, tokenize

PlaceKind = Literal["city", "region", "country"]
# Typos are forgiven on long words only: short ones collide with ordinary words.
FUZZY_MIN_LENGTH = 6
FUZZY_MIN_SCORE = 88
# Names this short are matched only as written, accents and all ("Aš" is not "as").
SHORT_NAME = 3
SHORT_COUNTRY = 5


@dataclass(frozen=True)
class Place:
    kind: PlaceKind
    name: str  # stored city or region name, or ISO 3166-1 alpha-2 code
    country: str
    regions: tuple[str, ...] = ()  # a city's region; the stored regions a region name covers


@dataclass
class PlaceMention:
    place: Place
    first: int  # token positions, inclusive
    last: int
    text: str


@dataclass
class _Name:
    tokens: tuple[str, ...]  # folded
    written: tuple[str, ...]  # as in the data, for simplemma's case- and accent-exact lookups
    place: Place
    exact: str = ""  # for short names: the lower-case spelling that must appear


@dataclass
class Gazetteer:
    names: list[_Name] = field(default_factory=list)

    def vocabulary(self) -> set[str]:
        """Name words as written, for the inflection index."""
        return {word for name in self.names for word in name.written}

    def add(self, text: str, place: Place, exact: bool = False) -> None:
        parsed = tokenize(text)
        if not parsed:
            return
        tokens = tuple(t.folded for t in parsed)
        exact = exact or len("".join(tokens)) < SHORT_NAME + 1
        exact_text = text.lower() if exact else ""
        self.names.append(_Name(tokens, tuple(t.text for t in parsed), place, exact_text))

    def matcher(self, index: InflectionIndex) -> PlaceMatcher:
        return PlaceMatcher(self.names, index)


class PlaceMatcher:
    """Finds place mentions in tokens; built once per gazetteer and inflection index."""

    def __init__(self, names: list[_Name], index: InflectionIndex) -> None:
        self._index = index
        self._by_first: dict[str, list[_Name]] = {}
        for name in names:
            for form in index.forms(name.tokens[0]):
                self._by_first.setdefault(form, []).append(name)
        for bucket in self._by_first.values():
            # longest first; cities before regions before countries at equal length
            bucket.sort(key=lambda n: (-len(n.tokens), ("city", "region", "country").index(
                n.place.kind)))
        self._long_keys = [k for k in self._by_first if len(k) >= FUZZY_MIN_LENGTH]

    def _forms(self, token: Token) -> frozenset[str]:
        return self._index.forms(token.folded)

    def _token_matches(self, token: Token, word: str) -> bool:
        return bool(self._forms(token) & self._index.forms(word))

    def find(self, tokens: list[Token], taken: set[int]) -> list[PlaceMention]:
        mentions: list[PlaceMention] = []
        i = 0
        while i < len(tokens):
            if i in taken:
                i += 1
                continue
            best = self._best_at(tokens, i, taken)
            if best is None:
                i += 1
                continue
            name, length = best
            last = i + length - 1
            text = " ".join(t.text for t in tokens[i:last + 1])
            mentions.append(PlaceMention(name.place, i, last, text))
            taken.update(range(i, last + 1))
            i = last + 1
        return mentions

    def _best_at(self, tokens: list[Token], i: int, taken: set[int]) -> tuple[_Name, int] | None:
        candidates: list[_Name] = []
        for form in self._forms(tokens[i]):
            candidates.extend(self._by_first.get(form, ()))
        if not candidates and len(tokens[i].folded) >= FUZZY_MIN_LENGTH and self._long_keys:
            found = fuzzy.extractOne(tokens[i].folded, self._long_keys, scorer=fuzz.ratio,
                                     score_cutoff=FUZZY_MIN_SCORE)
            if found is not None:
                candidates = [n for n in self._by_first[found[0]] if len(n.tokens) == 1]
        best: tuple[_Name, int] | None = None
        for name in candidates:
            length = len(name.tokens)
            if best is not None and length <= best[1]:
                continue
            span = range(i, i + length)
            if span.stop > len(tokens) or any(j in taken for j in span):
                continue
            if name.exact and tokens[i].lower != name.exact:
                continue
            if all(self._token_matches(tokens[j], name.tokens[j - i]) for j in span[1:]):
                best = (name, length)
        return best


def static_gazetteer() -> Gazetteer:
    """Countries (CLDR, four languages) and data/places.yaml."""
    gazetteer = Gazetteer()
    data = load_yaml("places.yaml")
    for code in sorted(country_codes()):
        names = {Locale(lang).territories.get(code, "") for lang in LANGUAGES}
        for name in names:
            if len(fold(name)) >= 4:
                # Short names only as written: Czech "malá" (small) is no form of "Mali".
                gazetteer.add(name, Place("country", code, code),
                              exact=len(fold(name)) <= SHORT_COUNTRY)
    for code, names in (data.get("countries") or {}).items():
        for name in names:
            gazetteer.add(str(name), Place("country", code, code))
    for region in data.get("regions") or []:
        covers = tuple(region.get("covers") or [region["name"]])
        place = Place("region", region.get("name") or covers[0], region["country"], covers)
        for name in [region.get("name"), *region.get("names", [])]:
            if name:
                gazetteer.add(str(name), place)
    for city, entry in (data.get("cities") or {}).items():
        place = Place("city", city, entry["country"], (entry.get("region"),) if entry.get(
            "region") else ())
        for name in [city, *(entry.get("names") or [])]:
            gazetteer.add(str(name), place)
    return gazetteer


def with_database_places(base: Gazetteer,
                         rows: Iterable[tuple[str | None, str | None, str]]) -> Gazetteer:
    """`base` plus the (city, region, country) the organisation database holds."""
    gazetteer = Gazetteer(list(base.names))
    known_cities = {(n.place.name, n.place.country) for n in base.names if n.place.kind == "city"}
    known_regions = {n.place.name for n in base.names if n.place.kind == "region"}
    for city, region, country in rows:
        if region and region not in known_regions:
            known_regions.add(region)
            gazetteer.add(region, Place("region", region, country, (region,)))
        if city and (city, country) not in known_cities:
            known_cities.add((city, country))
            gazetteer.add(city, Place("city", city, country, (region,) if region else ()))
    return gazetteer
