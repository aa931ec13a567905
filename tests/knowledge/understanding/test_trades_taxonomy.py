"""The trades taxonomy (knowledge/understanding/data/trades.yaml) as data: complete in the four
languages, no term claimed by two capabilities, no term that is a stop word, and trades asked in
one language found in offers written in another. Real files, the real inflection index."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from knowledge.understanding.analysis import shared_inflection_index
from knowledge.understanding.lexicon import LANGUAGES, all_words, load_yaml, tokenize
from knowledge.understanding.trades import TradeMatcher, taxonomy

# The 21 capabilities the golden and dev sets name by id: they must keep their names.
ORIGINAL_CAPABILITIES = {
    "powder coating", "painting", "hot-dip galvanising", "CNC machining", "laser cutting",
    "welding", "injection moulding", "extrusion", "stamping", "wiring harnesses", "PCB assembly",
    "embedded electronics", "PLC and robotics", "control cabinets", "special machines",
    "machine tool service", "software and ERP", "IT security", "solar power",
    "energy consulting", "transport",
}


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> TradeMatcher:
    cache: Path = tmp_path_factory.mktemp("understanding")
    return TradeMatcher(taxonomy(), shared_inflection_index(cache))


def test_taxonomy_is_general_and_keeps_the_original_ids() -> None:
    names = {trade.name for trade in taxonomy().capabilities}
    assert ORIGINAL_CAPABILITIES <= names
    assert len(names) >= 150


def test_every_capability_has_a_sector_and_terms_in_all_four_languages() -> None:
    raw = load_yaml("trades.yaml")["capabilities"]
    for name, entry in raw.items():
        assert entry.get("sector"), name
        for lang in LANGUAGES:
            words = entry.get(lang) or []
            assert len(words) >= 2, (name, lang, words)
            assert len(set(words)) == len(words), (name, lang, "a term listed twice")


def test_no_term_names_two_capabilities() -> None:
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for trade in taxonomy().capabilities:
        for term in trade.terms:
            owners[term].add(trade.name)
    shared = {" ".join(term): sorted(names) for term, names in owners.items() if len(names) > 1}
    assert shared == {}


def test_no_term_is_a_stop_word_unless_an_acronym() -> None:
    # An acronym such as "IT" (English "it") matches only written in capitals (next test).
    stop = all_words("stop")
    data = load_yaml("trades.yaml")
    for group in ("capabilities", "sectors"):
        for name, entry in data[group].items():
            for lang in LANGUAGES:
                for word in entry.get(lang) or []:
                    tokens = tokenize(str(word))
                    if len(tokens) == 1 and tokens[0].folded in stop:
                        assert tokens[0].text.isupper(), (name, lang, word)


def test_each_label_names_its_own_capability(matcher: TradeMatcher) -> None:
    missing = [(trade.name, lang, label) for trade in taxonomy().capabilities
               for lang, label in trade.labels.items()
               if trade.name not in matcher.capabilities_in(label.split(", ")[0])]
    assert missing == []


@pytest.mark.parametrize(("question", "offer", "capability"), [
    ("Wer baut uns einen Messestand für die Messe in Brno?",
     "Navrhujeme a stavíme výstavní stánky pro veletrhy v celé Evropě.", "trade-fair stands"),
    ("Wir suchen einen Dichtungshersteller in Polen.",
     "Produkujemy uszczelki gumowe i o-ringi na zamówienie.", "seals and gaskets"),
    ("Wer kann unsere Linsen entspiegeln?",
     "Nanášíme antireflexní vrstvy na optické čočky.", "optical coating"),
    ("Who installs heat pumps near Opole?",
     "Montaż i serwis pomp ciepła dla domów i firm.", "heat pumps"),
    ("Hledám firmu na eloxování hliníkových dílů.",
     "Eloxieren und Hartanodisieren von Aluminiumteilen.", "anodising"),
    ("Kto robi cięcie wodą blach ze stali nierdzewnej?",
     "Waterjet cutting of steel, stone and glass up to 200 mm.", "waterjet and plasma cutting"),
    ("Potřebujeme překlady technické dokumentace do němčiny.",
     "Übersetzungsbüro für technische Texte in Polnisch und Tschechisch.", "translation"),
    ("Which firm does customs clearance for exports to Ukraine?",
     "Zollabwicklung und Verzollung für Ausfuhren in Drittländer.", "customs clearance"),
])
def test_a_trade_asked_in_one_language_is_found_in_an_offer_in_another(
        matcher: TradeMatcher, question: str, offer: str, capability: str) -> None:
    assert capability in matcher.capabilities_in(question)
    assert capability in matcher.capabilities_in(offer)


@pytest.mark.parametrize("question", [
    "Welche Förderprogramme gibt es für KMU in Sachsen?",
    "Kann ich eine Förderung für einen Messeauftritt bekommen?",
    "Jak złożyć wniosek o dotację na innowacje?",
    "Kdo je vedoucí partner projektu?",
    "What documents do I need for the application?",
    "Wie lange dauert die Bearbeitung meines Antrags?",
    "Jaké jsou podmínky programu pro malé podniky?",
])
def test_questions_about_funding_and_documents_name_no_trade(
        matcher: TradeMatcher, question: str) -> None:
    # Every capability a question names pulls it towards an organisation list, so the everyday
    # words of funding questions must not be terms.
    assert matcher.capabilities_in(question) == frozenset()


def test_terms_tokenise_to_words() -> None:
    data = load_yaml("trades.yaml")
    for trade in taxonomy().trades:
        entry = data["capabilities" if trade.is_capability else "sectors"][trade.name]
        for lang in LANGUAGES:
            for word in entry.get(lang) or []:
                assert tokenize(str(word)), (trade.name, lang, word)


def test_a_term_that_is_a_stop_word_counts_only_as_written(matcher: TradeMatcher) -> None:
    # The IT sector's "IT" is English "it": lower case it names nothing.
    sectors = {t.name for t in matcher.named(tokenize("Which IT firms in Opole do it?"))}
    assert "IT" in sectors
    assert matcher.named(tokenize("Can you do it for us in Opole?")) == []
