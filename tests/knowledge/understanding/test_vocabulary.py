"""The organisation data's own vocabulary: trade words that no list has are recognised because
the records use them, routed to organisations and matched to the records that use them."""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.companies.importer import import_file
from knowledge.companies.search import CompanySearch
from knowledge.settings import Settings
from knowledge.understanding.lexicon import tokenize
from knowledge.understanding.vocabulary import DataVocabulary, content_stems, text_stems

# Fictional records in trades that data/trades.yaml does not name (the search test checks).
RECORDS = [
    {"id": "v-glass", "name": "Sklárna Pod Ještědem s.r.o.", "country": "CZ", "city": "Liberec",
     "offers": "Gravieren und Sandstrahlen von Glas, Glasgravur für Pokale und Schilder.",
     "seeks": "Kunden im Messebau.", "languages": ["cs", "de"], "sectors": ["glass"]},
    {"id": "v-forge", "name": "Kuźnia Bóbr sp. z o.o.", "country": "PL", "city": "Bolesławiec",
     "offers": "Kucie matrycowe stali, odkuwki do 40 kg.", "languages": ["pl"],
     "sectors": ["forging"]},
    {"id": "v-words", "name": "Lingua Nisa", "country": "DE", "city": "Görlitz",
     "offers": "Beglaubigte Übersetzungen Polnisch und Tschechisch, Dolmetschen auf Messen.",
     "seeks": "Maschinenbauer, die Handbücher übersetzen lassen.", "languages": ["de", "pl"],
     "sectors": ["translation"]},
    {"id": "v-paint", "name": "Farben Neiße GmbH", "country": "DE", "city": "Zittau",
     "offers": "Industrielle Nasslackierung, auch von Schildern.", "languages": ["de"],
     "sectors": ["coating"]},
    {"id": "v-agency", "name": "Exportbüro Oberlausitz", "kind": "institution", "country": "DE",
     "city": "Bautzen", "offers": "Exportberatung und Gemeinschaftsstände auf Messen für KMU.",
     "languages": ["de"]},
]


def _vocabulary() -> DataVocabulary:
    return DataVocabulary.build((r["id"], r.get("kind", "company"), r.get("offers"),
                                 r.get("seeks"), r.get("sectors", [])) for r in RECORDS)


def test_rare_record_words_name_a_trade_and_common_ones_do_not() -> None:
    vocabulary = _vocabulary()
    tokens = tokenize("Wer graviert Glas für Schilder?")
    stems = content_stems(tokens, range(len(tokens)))
    # "graviert"/"Gravieren" share their stem; "Schilder" is in half the records here
    assert stems == ["gravie", "glas", "schild"]
    assert vocabulary.named(stems, "offers", max_share=0.3) == ["gravie", "glas"]
    # what an agency offers is a support topic, not a trade (v-words mentions trade fairs too)
    assert vocabulary.named(["export", "messen"], "offers", 0.45) == ["export", "messen"]
    assert vocabulary.trades(["gravie", "glas"]) == ["gravie", "glas"]
    assert vocabulary.trades(["gravie", "export"]) == []  # may ask for an agency: the vote says
    assert vocabulary.named(["kunden"], "offers", 0.3) == []  # only in what records seek
    assert vocabulary.named(["kunden"], "seeks", 0.3) == ["kunden"]
    assert vocabulary.overlap("v-glass", ["gravie", "glas"], "offers") == 1.0
    assert vocabulary.overlap("v-forge", ["gravie", "glas"], "offers") == 0.0
    assert 0 < vocabulary.overlap("v-glass", ["gravie", "kucie"], "offers") < 1


def test_stop_words_and_numbers_are_no_trade_words() -> None:
    assert text_stems("Wer sucht das in 2025 für uns?") == frozenset()


def test_a_trade_no_list_names_is_routed_to_the_records_that_use_it(
        company_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.jsonl"
    path.write_text("".join(json.dumps(r | {"demo": True}) + "\n" for r in RECORDS),
                    encoding="utf-8")
    import_file(company_settings, path)
    search = CompanySearch(company_settings)

    # Engraving is in no taxonomy entry (glass and forging are, since the general taxonomy).
    question = "Wer graviert Pokale in der Nähe von Liberec?"
    analysis = search.analyser.analyse(question, "de")
    assert analysis.capabilities == []  # no taxonomy trade: the data's words must do it
    assert "gravie" in analysis.trade_terms
    assert analysis.wants_organisations
    hits = search.search(question, "de", limit=3, analysis=analysis)
    assert hits[0].id == "v-glass"

    polish = "Szukamy kuźni: kto robi odkuwki matrycowe?"
    analysis = search.analyser.analyse(polish, "pl")
    assert {"odkuwk", "matryc"} <= set(analysis.trade_terms)
    assert search.search(polish, "pl", limit=3, analysis=analysis)[0].id == "v-forge"


def test_a_company_asked_for_next_to_funding_is_still_searched(embedder: object,
                                                                tmp_path: Path) -> None:
    # The intent vote goes to funding (the first ask); the words "IT-Dienstleister" name a
    # kind of company and a trade, so organisations are searched as well.
    from knowledge.understanding.analysis import QueryAnalyser

    analyser = QueryAnalyser(embedder, cache_dir=tmp_path)  # type: ignore[arg-type]
    analysis = analyser.analyse("Gibt es Zuschüsse für Digitalisierung und kennt ihr einen "
                                "IT-Dienstleister in Görlitz?", "de")
    assert analysis.intent["funding"] > 0.5
    assert "company" in analysis.kinds and analysis.capabilities
    assert analysis.wants_organisations
