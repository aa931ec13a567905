"""Places from data: the organisation database's own cities and regions, country names from
CLDR (Babel) in the four languages, and data/places.yaml for exonyms and adjectives no library
knows ("Reichenberg" is Liberec, "sächsisch" is Saxony).

A name matches a run of a question's tokens when each token equals the name's token folded or
shares a lemma with it (`InflectionIndex`); a long token one typo away also matches
("Gorltz"), and a token that begins with most of a name is one of its inflections ("Zgorzelcu",
"Krkonoších", "Mnichově"). Longer names win over shorter ones ("Saská Kamenice" is Chemnitz, not
Saxony).

Areas are places with coordinates instead of a stored name: landscapes no record stores
(data/landscapes.yaml: "Erzgebirge", "Lausitz", "Riesengebirge" as circles around their
centres) and the towns of data/towns.tsv (GeoNames) that no record names. An organisation meets
an area when its own town lies inside one of the circles; a named area with no organisation
anywhere near it is outside the area the data serves. Towns of towns.tsv are many and some are
ordinary words ("Essen", "Most", "Hof"), so they match only written with a capital letter right
after a place preposition of data/words ("in Annaberg", "w Opolu", "v Mnichově").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from babel import Locale
from rapidfuzz import fuzz
from rapidfuzz import process as fuzzy

from knowledge.codes import country_codes, fold
from knowledge.understanding.lexicon import (
    DATA_DIR,
    LANGUAGES,
    InflectionIndex,
    Token,
    all_words,
    load_yaml,
    tokenize,
)

PlaceKind = Literal["city", "region", "country", "area"]
# (latitude, longitude, radius in km)
Circle = tuple[float, float, float]
# Typos are forgiven on long words only: short ones collide with ordinary words.
FUZZY_MIN_LENGTH = 6
FUZZY_MIN_SCORE = 88
# Names this short are matched only as written, accents and all ("Aš" is not "as").
SHORT_NAME = 3
SHORT_COUNTRY = 5
# Inflection by ending: a token matches a name word when they share all but the word's last
# INFLECTION_TAIL letters (at least INFLECTION_MIN_SHARED) and the token adds at most
# INFLECTION_ENDING letters: "Liberce"/"Liberec", "Zgorzelcu"/"Zgorzelec", "Sasku"/"Sasko".
INFLECTION_TAIL = 2
INFLECTION_MIN_SHARED = 4
INFLECTION_ENDING = 3
# Long names may lose one more letter: Polish "Ołomuniec" -> "w Ołomuńcu".
LONG_NAME = 8
# Shorter names match by ending only written with a capital: "gerade" is no form of "Gera".
CAPITAL_BELOW = 7
# Words whose loose readings are remembered per matcher (a bound on memory, not a tuning).
LOOSE_CACHE_SIZE = 50_000
# A town that no record names stands for the organisations within this distance of it.
# Chosen, not swept: a district's radius, so "bei Annaberg" reaches the towns around it.
TOWN_RADIUS_KM = 25.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def inflected_form(token: str, word: str, min_shared: int = INFLECTION_MIN_SHARED) -> bool:
    """Whether folded `token` reads as an inflected form of folded name word `word`."""
    if token == word:
        return True
    shared = 0
    for a, b in zip(token, word, strict=False):
        if a != b:
            break
        shared += 1
    tail = INFLECTION_TAIL + (1 if len(word) >= LONG_NAME else 0)
    return (shared >= max(min_shared, len(word) - tail)
            and len(token) - shared <= INFLECTION_ENDING)


@dataclass(frozen=True)
class Place:
    kind: PlaceKind
    name: str  # stored city or region name, or ISO 3166-1 alpha-2 code
    country: str
    regions: tuple[str, ...] = ()  # a city's region; the stored regions a region name covers
    circles: tuple[Circle, ...] = ()  # an area: where it lies
    # Found by its ending or a typo only: good enough to prefer organisations near it, not
    # to tell the asker that there are none there.
    inexact: bool = False


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
    # A name of towns.tsv: only capitalised and after a place preposition (module docstring).
    strict: bool = False


@dataclass
class Gazetteer:
    names: list[_Name] = field(default_factory=list)
    # Stored cities by (folded name, country): a town of towns.tsv that the database stores is
    # that city, matched by name (an exact constraint), not a circle around it.
    stored: dict[tuple[str, str], Place] = field(default_factory=dict)

    def vocabulary(self) -> set[str]:
        """Name words as written, for the inflection index (towns.tsv's thousands of names
        are matched by their endings instead)."""
        return {word for name in self.names if not name.strict for word in name.written}

    def add(self, text: str, place: Place, exact: bool = False, strict: bool = False) -> None:
        parsed = tokenize(text)
        if not parsed:
            return
        tokens = tuple(t.folded for t in parsed)
        exact = exact or len("".join(tokens)) < SHORT_NAME + 1
        exact_text = text.lower() if exact else ""
        self.names.append(_Name(tokens, tuple(t.text for t in parsed), place, exact_text,
                                strict))

    def matcher(self, index: InflectionIndex) -> PlaceMatcher:
        return PlaceMatcher(self.names, index, self.stored)


class PlaceMatcher:
    """Finds place mentions in tokens; built once per gazetteer and inflection index. The
    towns of towns.tsv are looked up only where one may stand (a capitalised word after a
    place preposition), in a matcher of their own built on first need: reading them costs
    every process about a second otherwise."""

    def __init__(self, names: list[_Name], index: InflectionIndex,
                 stored: dict[tuple[str, str], Place] | None = None) -> None:
        self._stored = stored or {}
        self._index = index
        self._by_first: dict[str, list[_Name]] = {}
        for name in names:
            for form in index.forms(name.tokens[0]):
                self._by_first.setdefault(form, []).append(name)
        order = ("city", "region", "country", "area")
        for bucket in self._by_first.values():
            if len(bucket) > 1:
                # longest first; cities before regions before countries at equal length; the
                # data's own names before towns.tsv's
                bucket.sort(key=lambda n: (-len(n.tokens), n.strict,
                                           order.index(n.place.kind)))
        self._long_keys = [k for k in self._by_first if len(k) >= FUZZY_MIN_LENGTH
                           and any(not n.strict for n in self._by_first[k])]
        # First words by their first letters, for inflected forms ("Zgorzelcu").
        self._by_start: dict[str, list[str]] = {}
        for key in self._by_first:
            if len(key) >= INFLECTION_MIN_SHARED:
                self._by_start.setdefault(key[:INFLECTION_MIN_SHARED], []).append(key)
        self._place_prepositions = all_words("place_prepositions")
        self._loose: dict[tuple[str, bool], tuple[_Name, ...]] = {}

    def _forms(self, token: Token) -> frozenset[str]:
        return self._index.forms(token.folded)

    def _token_matches(self, token: Token, word: str) -> bool:
        if self._forms(token) & self._index.forms(word):
            return True
        # A later word of a name ("Krušných horách"): the first already matched, so a
        # shorter shared start will do.
        return len(word) >= 4 and inflected_form(token.folded, word, min_shared=3)

    def _loose_candidates(self, folded: str, capital: bool) -> tuple[_Name, ...]:
        """Names a word may be a form of by its ending, else one typo away; worked out once
        per word (a dictionary read on the next question that uses it)."""
        key = (folded, capital)
        cached = self._loose.get(key)
        if cached is not None:
            return cached
        candidates: list[_Name] = []
        for first in self._by_start.get(folded[:INFLECTION_MIN_SHARED], ()):
            if first != folded and (capital or len(first) >= CAPITAL_BELOW) \
                    and inflected_form(folded, first):
                candidates.extend(self._by_first[first])
        if not candidates and len(folded) >= FUZZY_MIN_LENGTH and self._long_keys:
            found = fuzzy.extractOne(folded, self._long_keys, scorer=fuzz.ratio,
                                     score_cutoff=FUZZY_MIN_SCORE)
            if found is not None:
                candidates = [n for n in self._by_first[found[0]] if len(n.tokens) == 1]
        if len(self._loose) < LOOSE_CACHE_SIZE:
            self._loose[key] = tuple(candidates)
        return tuple(candidates)

    def _may_be_town(self, tokens: list[Token], i: int) -> bool:
        return (i > 0 and tokens[i].text[:1].isupper() and len(tokens[i].folded) >= 4
                and tokens[i - 1].folded in self._place_prepositions)

    def find(self, tokens: list[Token], taken: set[int]) -> list[PlaceMention]:
        mentions: list[PlaceMention] = []
        i = 0
        while i < len(tokens):
            if i in taken:
                i += 1
                continue
            # A name as written or by lemma (a town's too) before one by its ending or a typo:
            # "Brünn" is Brno before it is a form of "Brunei".
            may_be_town = self._may_be_town(tokens, i)
            best = None
            for loosely in (False, True):
                best = self._best_at(tokens, i, taken, loosely)
                if best is None and may_be_town:
                    best = _town_matcher()._best_at(tokens, i, taken, loosely)
                    if best is not None:
                        best = (_as_stored(best[0], self._stored), best[1])
                if best is not None:
                    name = best[0]
                    # A typo, or an ending on a short name ("Horní" read as "Horn"), is a
                    # guess; "w Hamburgu" is not, and neither is a form the dictionaries
                    # lemmatise to the name ("w Poznaniu" -> Poznań).
                    if loosely and (len(name.tokens[0]) < CAPITAL_BELOW or not inflected_form(
                            tokens[i].folded, name.tokens[0])) \
                            and not _lemma_is(tokens[i].text, name.tokens[0]):
                        best = (_Name(name.tokens, name.written,
                                      replace(name.place, inexact=True), name.exact,
                                      name.strict), best[1])
                    break
            if best is None and may_be_town:
                # "v Brně": an inflection too short to read by its ending, which the
                # dictionaries lemmatise to a town's name.
                best = _town_matcher().by_lemma(tokens, i, taken)
                if best is not None:
                    best = (_as_stored(best[0], self._stored), best[1])
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

    def by_lemma(self, tokens: list[Token], i: int,
                 taken: set[int]) -> tuple[_Name, int] | None:
        """A one-word name whose form the dictionaries lemmatise the word to."""
        if i in taken:
            return None
        for lemma in _lemmas(tokens[i].text):
            for name in self._by_first.get(lemma, ()):
                if len(name.tokens) == 1:
                    return name, 1
        return None

    def _best_at(self, tokens: list[Token], i: int, taken: set[int],
                 loosely: bool = False) -> tuple[_Name, int] | None:
        """The longest name starting at `i`: by the word's forms, or `loosely` by its ending
        or one typo."""
        candidates: list[_Name] = []
        if not loosely:
            for form in self._forms(tokens[i]):
                candidates.extend(self._by_first.get(form, ()))
        else:
            candidates = list(self._loose_candidates(tokens[i].folded,
                                                     tokens[i].text[:1].isupper()))
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
            if name.strict and not (tokens[i].text[:1].isupper() and i > 0
                                    and tokens[i - 1].folded in self._place_prepositions):
                continue
            if all(self._token_matches(tokens[j], name.tokens[j - i]) for j in span[1:]):
                best = (name, length)
        return best


# Languages whose place names inflect (their locatives: "w Poznaniu", "v Mnichově").
_INFLECTING = ("pl", "cs", "de")


@lru_cache(maxsize=4096)
def _lemmas(word: str) -> tuple[str, ...]:
    """The folded lemmas simplemma's dictionaries give `word` in the inflecting languages
    (other than the word itself). Only asked for a capitalised word after a place preposition;
    the low-memory dictionaries are the ones the funding finder reads too
    (bot/funding/guide.py)."""
    import simplemma

    found = {fold(simplemma.lemmatize(word, lang=lang, low_memory=True))
             for lang in _INFLECTING}
    return tuple(sorted(found - {fold(word)}))


def _lemma_is(word: str, folded_name: str) -> bool:
    """Whether the dictionaries lemmatise `word` to the name (folded): asked for a word read
    loosely as a place, to tell an inflection from a guess."""
    return folded_name in _lemmas(word)


@lru_cache(maxsize=1)
def _town_matcher() -> PlaceMatcher:
    """towns.tsv's names; only ending-inflections, no lemmas (too many names for the index)."""
    gazetteer = Gazetteer()
    # The most populous first: of two towns called alike, a question means the larger
    # ("z Katovic" is Katowice, not the Czech village Katovice).
    for town in sorted(towns(), key=lambda town: -town.population):
        place = Place("area", town.name, town.country, (),
                      ((town.latitude, town.longitude, TOWN_RADIUS_KM),))
        names = [town.name, *town.alternates]
        if "-" in town.name:  # "in Annaberg" for Annaberg-Buchholz
            names.append(town.name.split("-")[0])
        for name in names:
            if _SIMPLE_NAME.fullmatch(name):
                # one plain word (most of them): no tokenizer needed, which halves the
                # second or so this matcher costs a process that needs it
                gazetteer.names.append(_Name((fold(name),), (name,), place, "", True))
            else:
                gazetteer.add(name, place, strict=True)
    return PlaceMatcher(gazetteer.names, InflectionIndex({}))


_SIMPLE_NAME = re.compile(r"[^\W\d_]{4,}")


def _as_stored(name: _Name, stored: dict[tuple[str, str], Place]) -> _Name:
    if not name.strict:
        return name
    place = stored.get((fold(name.place.name), name.place.country))
    return name if place is None else _Name(name.tokens, name.written, place, name.exact, True)


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
    for area in load_yaml("landscapes.yaml") or []:
        circles = tuple((float(c[0]), float(c[1]), float(c[2])) for c in area["circles"])
        place = Place("area", str(area["name"]), str(area.get("country") or ""), (), circles)
        for name in [area["name"], *(area.get("names") or [])]:
            gazetteer.add(str(name), place)
    return gazetteer


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    alternates: tuple[str, ...]


@lru_cache(maxsize=1)
def towns() -> tuple[Town, ...]:
    """data/towns.tsv (scripts/build_towns.py): one town per folded name, the most populous
    (GeoNames has dozens of "Neustadt")."""
    best: dict[str, Town] = {}
    with open(DATA_DIR / "towns.tsv", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            name, country, lat, lon, population, alternates = line.rstrip("\n").split("\t")
            if len(fold(name)) < 4:
                continue
            town = Town(name, country, float(lat), float(lon), int(population),
                        tuple(a for a in alternates.split("|") if a))
            key = fold(name)
            if key not in best or best[key].population < town.population:
                best[key] = town
    return tuple(best.values())


@lru_cache(maxsize=1)
def _town_index() -> dict[tuple[str, str], tuple[float, float]]:
    out: dict[tuple[str, str], tuple[float, float, int]] = {}
    with open(DATA_DIR / "towns.tsv", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            name, country, lat, lon, population, alternates = line.rstrip("\n").split("\t")
            for written in (name, *alternates.split("|")):
                key = (fold(written), country)
                if written and (key not in out or out[key][2] < int(population)):
                    out[key] = (float(lat), float(lon), int(population))
    return {key: (lat, lon) for key, (lat, lon, _p) in out.items()}


def town_coordinates(city: str | None, country: str) -> tuple[float, float] | None:
    """Where a stored city lies (towns.tsv, by its name or an alternate name in its
    country); None for a town too small or too far away to be listed."""
    if not city:
        return None
    index = _town_index()
    found = index.get((fold(city), country))
    if found is None and "-" in city:  # "Annaberg-Buchholz" stored as written, or a part
        found = index.get((fold(city.split("-")[0]), country))
    return found


def with_database_places(base: Gazetteer,
                         rows: Iterable[tuple[str | None, str | None, str]]) -> Gazetteer:
    """`base` plus the (city, region, country) the organisation database holds."""
    rows = list(rows)
    stored = {(fold(city), country): Place("city", city, country, (region,) if region else ())
              for city, region, country in rows if city}
    gazetteer = Gazetteer(list(base.names), stored)
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
