"""Places no record stores: landscapes, inflected and foreign names of towns, towns far from all
records. Recognised from data files (data/landscapes.yaml, data/towns.tsv), kept soft in the
search, and a place outside the area the data serves gets no list from elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.companies.importer import import_file
from knowledge.companies.search import CompanySearch
from knowledge.settings import Settings
from knowledge.understanding import places_named
from knowledge.understanding.gazetteer import distance_km, inflected_form, town_coordinates


@pytest.mark.parametrize(("text", "name"), [
    ("Firmen im Erzgebirge", "Erzgebirge"),
    ("firmy v Krušných horách", "Erzgebirge"),
    ("companies in the Ore Mountains", "Erzgebirge"),
    ("firmy w Karkonoszach", "Riesengebirge"),
    ("dodavatel v Krkonoších", "Riesengebirge"),
    ("Betriebe in der Lausitz", "Lausitz"),
    ("dostawca na Łużycach", "Lausitz"),
    ("im Vogtland", "Vogtland"),
    ("ve Slezsku", "Schlesien"),
    ("na Morawach", "Mähren"),
    ("v Braniborsku", "Brandenburg"),
    ("firmy w Brandenburgii", "Brandenburg"),
    # towns no record names, with their exonyms and inflections (data/towns.tsv)
    ("Hledám firmu v Mnichově", "Munich"),
    ("firms in Munich", "Munich"),
    ("eine Firma in Annaberg", "Annaberg-Buchholz"),
    # an inflection too short for the ending rule, lemmatised by the dictionaries
    ("Který pivovar v Brně?", "Brno"),
])
def test_landscapes_and_towns_are_areas(text: str, name: str) -> None:
    areas = [p for p in places_named(text, areas=True) if p.kind == "area"]
    assert [p.name for p in areas] == [name]
    assert areas[0].circles


@pytest.mark.parametrize("text", [
    "most of our customers", "Gibt es in essen etwas", "Essen und Trinken",
    "we need chemie", "Hof",
])
def test_ordinary_words_are_no_towns(text: str) -> None:
    # towns.tsv's names count only capitalised, right after a place preposition
    assert places_named(text, areas=True) == []


def test_areas_are_left_out_unless_asked_for() -> None:
    # callers reading a country code or a stored region from a place must not get an area
    assert places_named("Firmen im Erzgebirge") == []


def test_inflected_forms_by_their_endings() -> None:
    assert inflected_form("zgorzelcu", "zgorzelec")
    assert inflected_form("liberci", "liberec")
    assert inflected_form("sasku", "sasko")
    assert not inflected_form("chemie", "cheb")
    # a short name needs all its letters; "mostly" would pass too, which is why towns.tsv's
    # names also need a capital and a place preposition (test above)
    assert inflected_form("mostu", "most")


def test_towns_have_coordinates() -> None:
    dresden = town_coordinates("Dresden", "DE")
    zittau = town_coordinates("Zittau", "DE")
    assert dresden is not None and zittau is not None
    assert 70 < distance_km(*dresden, *zittau) < 90
    assert town_coordinates("Reichenberg", "CZ") == town_coordinates("Liberec", "CZ")
    assert town_coordinates("Nowhere-in-particular", "DE") is None


# Fictional records: two in the Ore Mountains, one in Zittau, one in Liberec.
RECORDS = [
    {"id": "p-annaberg", "name": "Erzblech Annaberg GmbH", "country": "DE",
     "city": "Annaberg-Buchholz", "offers": "Pulverbeschichtung von Blechteilen.",
     "languages": ["de"]},
    {"id": "p-chomutov", "name": "Krušnohorská lakovna s.r.o.", "country": "CZ",
     "city": "Chomutov", "offers": "Práškové lakování kovových dílů.", "languages": ["cs"]},
    {"id": "p-zittau", "name": "Neißelack Zittau GmbH", "country": "DE", "city": "Zittau",
     "offers": "Pulverbeschichtung und Nasslackierung.", "languages": ["de"],
     "certifications": ["ISO 9001", "ISO 14001"]},
    {"id": "p-liberec", "name": "Lakovna Ještěd s.r.o.", "country": "CZ", "city": "Liberec",
     "offers": "Práškové lakování, galvanické zinkování.", "languages": ["cs"],
     "certifications": ["ISO 9001", "IATF 16949"]},
]


@pytest.fixture
def place_search(company_settings: Settings, tmp_path: Path) -> CompanySearch:
    path = tmp_path / "places.jsonl"
    path.write_text("".join(json.dumps(r | {"demo": True}) + "\n" for r in RECORDS),
                    encoding="utf-8")
    import_file(company_settings, path)
    return CompanySearch(company_settings)


def test_a_landscape_prefers_the_organisations_inside_it(place_search: CompanySearch) -> None:
    question = "Wer macht Pulverbeschichtung im Erzgebirge?"
    analysis = place_search.analyser.analyse(question, "de")
    assert analysis.areas == ["Erzgebirge"]
    found = place_search.search_detailed(question, "de", limit=4, analysis=analysis)
    assert not found.outside and not found.unmet
    # both sides of the border, the Czech record written in Czech
    assert {h.id for h in found.hits[:2]} == {"p-annaberg", "p-chomutov"}
    assert [h.misses for h in found.hits[:2]] == [[], []]


def test_a_town_no_record_names_finds_those_around_it(place_search: CompanySearch) -> None:
    # Olbersdorf is a village next to Zittau; no record names it
    question = "Who does powder coating in Olbersdorf?"
    analysis = place_search.analyser.analyse(question, "en")
    assert analysis.areas == ["Olbersdorf"]
    found = place_search.search_detailed(question, "en", limit=4, analysis=analysis)
    assert not found.outside
    assert found.hits[0].id == "p-zittau"


@pytest.mark.parametrize(("question", "lang", "outside"), [
    ("Which companies in Munich do powder coating?", "en", ["Munich"]),
    ("Kto w Hamburgu robi malowanie proszkowe?", "pl", ["Hamburg"]),
    # a short name read by its ending is certain when the dictionaries lemmatise it so
    ("Kto w Poznaniu robi malowanie proszkowe?", "pl", ["Poznań"]),
    # "me" is the object of "find", not the asker's own place
    ("Find me a powder coater in Gdańsk.", "en", ["Gdańsk"]),
])
def test_a_place_far_from_every_record_gets_no_list(place_search: CompanySearch, question: str,
                                                     lang: str, outside: list[str]) -> None:
    found = place_search.search_detailed(question, lang, limit=4)
    assert found.outside == outside
    assert found.hits == []


@pytest.mark.parametrize(("question", "lang"), [
    # a country served beside the far town: the town is where the fair is, not the firm
    ("Potřebujeme stánek na veletrh v Norimberku. Která německá firma to udělá?", "cs"),
    # a typo away from a far town: not enough to say "none there"
    ("Firmen in Hammburg für Pulverbeschichtung", "de"),
])
def test_a_far_place_is_not_outside_when_unsure(place_search: CompanySearch, question: str,
                                                lang: str) -> None:
    found = place_search.search_detailed(question, lang, limit=4)
    assert found.outside == []


def test_the_askers_own_town_is_no_target(place_search: CompanySearch) -> None:
    question = "Wir sind aus Hamburg und suchen Pulverbeschichtung in Zittau."
    found = place_search.search_detailed(question, "de", limit=4)
    assert not found.outside
    assert found.hits[0].id == "p-zittau"


def test_a_named_certification_is_a_soft_constraint(place_search: CompanySearch) -> None:
    question = "Wer macht Pulverbeschichtung und ist nach IATF 16949 zertifiziert?"
    analysis = place_search.analyser.analyse(question, "de")
    # "IATF" and "16949" name one certification the records hold
    assert analysis.certifications == ["IATF 16949"]
    found = place_search.search_detailed(question, "de", limit=4, analysis=analysis)
    assert found.hits[0].id == "p-liberec"
    assert "certifications" in found.hits[1].misses  # the nearest follow, marked
    # "9001" names ISO 9001 alone; "ISO" (in both) names neither
    assert place_search.analyser.analyse("Pulverbeschichtung mit ISO 9001?",
                                         "de").certifications == ["ISO 9001"]
    assert place_search.analyser.analyse("Pulverbeschichtung mit ISO?", "de").certifications == []
