"""Organisation search, query understanding and matchmaking on the bundled demo data, on
SQLite and PostgreSQL (see conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.companies.matching import OrganisationMatcher
from knowledge.companies.search import CompanyFilters, CompanySearch
from knowledge.settings import Settings
from knowledge.understanding import QueryAnalyser
from tests.conftest import DEMO_FILE

LOTSE = str(Path(sys.executable).with_name("lotse"))


@pytest.fixture(scope="session")
def analyser(embedder: object, tmp_path_factory: pytest.TempPathFactory) -> QueryAnalyser:
    """The analyser without a database: the static gazetteer (CLDR + data/places.yaml)."""
    return QueryAnalyser(embedder, cache_dir=tmp_path_factory.mktemp("understanding"))


@pytest.fixture(scope="session")
def company_search(demo_company_settings: Settings) -> CompanySearch:
    return CompanySearch(demo_company_settings)


# -- query understanding (no database) --------------------------------------------------------
@pytest.mark.parametrize(("question", "countries", "regions", "cities"), [
    ("Ich suche einen Zulieferer in Tschechien", ["CZ"], [], []),
    ("Szukam dostawcy w Czechach", ["CZ"], [], []),
    ("Hledám dodavatele v Česku", ["CZ"], [], []),
    ("czeskie firmy z branży automotive", ["CZ"], [], []),
    ("Firmen in Sachsen", ["DE"], ["Sachsen"], []),
    ("firma w Saksonii", ["DE"], ["Sachsen"], []),
    ("dodavatel v Sasku", ["DE"], ["Sachsen"], []),
    ("Lieferanten in Niederschlesien", ["PL"], ["Dolnośląskie"], []),
    ("dostawca na Dolnym Śląsku", ["PL"], ["Dolnośląskie"], []),
    ("Partner in Reichenberg", ["CZ"], [], ["Liberec"]),
    ("firma z Jeleniej Góry", ["PL"], [], ["Jelenia Góra"]),
    ("Zulieferer aus Hirschberg", ["PL"], [], ["Jelenia Góra"]),
    ("firma w Budziszynie", ["DE"], [], ["Bautzen"]),
    ("firma v Drážďanech", ["DE"], [], ["Dresden"]),
    ("dostawca z Drezna", ["DE"], [], ["Dresden"]),
    ("Hersteller in Karlsbad", ["CZ"], [], ["Karlovy Vary"]),
    ("firma v Karlových Varech", ["CZ"], [], ["Karlovy Vary"]),
    ("dodavatel z Ústí nad Labem", ["CZ"], [], ["Ústí nad Labem"]),
    ("firma v Saské Kamenici", ["DE"], [], ["Chemnitz"]),
])
def test_places_are_recognised_in_four_languages(analyser: QueryAnalyser, question: str,
                                                 countries: list[str], regions: list[str],
                                                 cities: list[str]) -> None:
    analysis = analyser.analyse(question, "de")
    assert analysis.countries == countries
    assert analysis.regions == regions
    assert analysis.cities == cities


@pytest.mark.parametrize(("question", "spoken", "countries"), [
    ("Szukam partnera w Saksonii, który mówi po polsku", ["pl"], ["DE"]),
    ("Wer spricht Tschechisch?", ["cs"], []),
    ("české firmy, které mluví německy", ["de"], ["CZ"]),
    ("Who speaks Polish in Görlitz?", ["pl"], ["DE"]),
    ("polnischsprachiger Lieferant", ["pl"], []),
])
def test_spoken_languages_are_not_mistaken_for_countries(analyser: QueryAnalyser, question: str,
                                                         spoken: list[str],
                                                         countries: list[str]) -> None:
    analysis = analyser.analyse(question, "en")
    assert analysis.spoken_languages == spoken
    assert analysis.countries == countries


@pytest.mark.parametrize("question", [
    "Who led InnoCoopPolSax?", "Jaký byl rozpočet projektu Glokalisierung?",
    "Kto jest partnerem wiodącym projektu InnoCoopPolSax?",
    "Welche Förderung gibt es für Unternehmen in Sachsen?",
    "Jaki jest budżet programu Interreg?", "Welche Projekte fördert das Programm?",
])
def test_document_questions_do_not_ask_for_organisations(analyser: QueryAnalyser,
                                                        question: str) -> None:
    analysis = analyser.analyse(question, "en")
    assert not analysis.wants_organisations and not analysis.wants_institutions
    assert analysis.wants_documents


def test_intent_of_organisation_and_help_questions(analyser: QueryAnalyser) -> None:
    supplier = analyser.analyse("Ich suche einen Zulieferer für Pulverbeschichtung in Tschechien",
                             "de")
    assert supplier.wants_organisations and not supplier.wants_institutions
    assert not supplier.wants_documents and "metal processing" in supplier.sectors
    for question in ("Who can help me export to Czechia?", "Kto może mi pomóc w eksporcie?",
                     "Kdo mi pomůže najít partnery v Sasku?",
                     "Wer hilft bei Kooperationsveranstaltungen mit Polen?"):
        assert analyser.analyse(question, "en").wants_institutions, question


@pytest.mark.parametrize("question", [
    # verbs sharing a stem with "project"/"programme" do not make a question about documents
    "Szukam firmy z Jeleniej Góry, która programuje sterowniki PLC i roboty.",
    "Jaka firma we Wrocławiu projektuje elektronikę wbudowaną i czujniki?",
    "Jakiej firmy szukać do programowania robotów w Saksonii?",
    "Poszukuję firmy, która zaprojektuje płytkę drukowaną.",
    "Która firma w Zgorzelcu oferuje spawanie?",
    "Jaká firma v Liberci programuje roboty?",
    "Welche Firma in Görlitz programmiert SPS-Steuerungen?",
    "Which company in Saxony does PLC programming?",
])
def test_which_company_questions_ask_for_organisations(analyser: QueryAnalyser,
                                                       question: str) -> None:
    analysis = analyser.analyse(question, "pl")
    assert analysis.wants_organisations, analysis
    assert not analysis.wants_institutions and not analysis.wants_documents


@pytest.mark.parametrize("question", [
    "Która instytucja w Dreźnie pomaga firmom w eksporcie?",
    "Jaka instytucja wspiera przedsiębiorstwa na Dolnym Śląsku?",
    "Welche Einrichtung in Sachsen hilft Firmen beim Export?",
    "Which institution helps companies find suppliers in Czechia?",
    "Která instituce v Liberci pomáhá firmám s exportem?",
])
def test_which_institution_questions_ask_for_institutions_only(analyser: QueryAnalyser,
                                                               question: str) -> None:
    # the companies the institution serves ("firmom", "Firmen") are not what is asked for
    analysis = analyser.analyse(question, "de")
    assert analysis.wants_institutions and not analysis.wants_organisations, analysis


@pytest.mark.parametrize(("question", "lang", "origin", "target"), [
    ("Ich habe eine kleine Metallbaufirma in Görlitz. Wer in Tschechien kann für uns "
     "pulverbeschichten?", "de", ["Görlitz"], ["CZ"]),
    ("I run a small metalworking company in Görlitz. Can you find me a partner in Czechia for "
     "powder coating?", "en", ["Görlitz"], ["CZ"]),
    ("z Liberce jesteśmy, szukamy firmy do spawania w Saksonii", "pl", ["Liberec"], ["DE"]),
    ("Our plant in Zittau needs a galvaniser in Poland.", "en", ["Zittau"], ["PL"]),
    ("Wir sind aus Bautzen und suchen einen Lieferanten in Niederschlesien", "de", ["Bautzen"],
     ["PL"]),
])
def test_the_askers_own_place_is_not_the_search_target(
        analyser: QueryAnalyser, question: str, lang: str, origin: list[str],
        target: list[str]) -> None:
    analysis = analyser.analyse(question, lang)
    assert analysis.origin_cities == origin
    assert analysis.countries == target
    assert not set(origin) & set(analysis.cities)


@pytest.mark.parametrize(("question", "lang", "capability"), [
    # verbs, inflections and words in no list of the old analyser
    ("Wer in Tschechien kann für uns pulverbeschichten?", "de", "powder coating"),
    ("Hledám partnera v Sasku pro CNC obrábění", "cs", "CNC machining"),
    ("Kto w Polsce robi cynkowanie ogniowe?", "pl", "hot-dip galvanising"),
    ("Who could assemble printed circuit boards for us?", "en", "PCB assembly"),
])
def test_trades_are_recognised_from_the_taxonomy(analyser: QueryAnalyser, question: str,
                                                 lang: str, capability: str) -> None:
    assert capability in analyser.analyse(question, lang).capabilities


def test_an_own_trade_is_not_the_trade_searched_for(analyser: QueryAnalyser) -> None:
    analysis = analyser.analyse("Wir sind ein Spritzgussbetrieb. Wer kann unsere Teile "
                                "pulverbeschichten?", "de")
    assert analysis.capabilities == ["powder coating"]


def test_typos_and_inflections_of_places(analyser: QueryAnalyser) -> None:
    assert analyser.analyse("Lieferant in Gorlitz", "de").cities == ["Görlitz"]
    assert analyser.analyse("Szukam firmy w Zgorzelcu", "pl").cities == ["Zgorzelec"]
    assert analyser.analyse("dodavatel v Liberci", "cs").cities == ["Liberec"]


# -- search -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "lang"), [
    ("Ich habe eine kleine Metallbaufirma in Görlitz. Wer in Tschechien kann für uns "
     "pulverbeschichten?", "de"),
    ("I run a small metalworking company in Görlitz. Can you find me a partner in Czechia for "
     "powder coating?", "en"),
])
def test_issue_questions_find_czech_powder_coaters(company_search: CompanySearch, question: str,
                                                   lang: str) -> None:
    analysis = company_search.analyser.analyse(question, lang)
    assert analysis.wants_organisations and analysis.origin_cities == ["Görlitz"]
    hits = company_search.search(question, lang, analysis=analysis)
    assert len(hits) >= 3
    assert all(h.country == "CZ" and "powder coating" in h.reason for h in hits), hits


def test_issue_question_cnc_in_saxony_speaking_czech(company_search: CompanySearch) -> None:
    results = company_search.search_detailed(
        "Hledám partnera v Sasku pro CNC obrábění, který mluví česky", "cs")
    hits = results.hits
    assert hits[0].id == "demo-de-013" and not hits[0].misses  # the one that speaks Czech
    # too few meet everything: the nearest Saxon CNC shops follow, marked as not speaking it
    assert len(hits) >= 3
    assert all(h.region == "Sachsen" and "CNC machining" in h.reason for h in hits)
    assert all(h.misses == ["languages"] for h in hits[1:])
    assert results.unmet == []


def test_a_constraint_nothing_meets_is_given_up_and_reported(
        company_search: CompanySearch) -> None:
    # No powder coater sits in Saxony's Bautzen: the city is given up, and said so.
    results = company_search.search_detailed(
        "Wer in Bautzen kann Stahlteile pulverbeschichten?", "de")
    assert results.unmet == ["cities"]
    assert results.hits and all("powder coating" in h.reason for h in results.hits)
    assert all(h.city != "Bautzen" for h in results.hits)


def test_issue_example_powder_coating_in_czechia(company_search: CompanySearch) -> None:
    hits = company_search.search(
        "Ich suche einen Zulieferer für Pulverbeschichtung in Tschechien", "de")
    assert hits[0].id == "demo-cz-lakovna-jested"
    assert all(h.country == "CZ" for h in hits)
    assert "powder coating" in hits[0].reason and "CZ" in hits[0].reason
    answer = hits[0].to_answer_dict()
    assert {"id", "name", "kind", "country", "city", "score", "website", "languages",
            "offers"} <= set(answer)


def test_polish_question_finds_saxon_cnc_shop_speaking_polish(
        company_search: CompanySearch) -> None:
    hits = company_search.search(
        "Szukam partnera do obróbki CNC w Saksonii, który mówi po polsku", "pl")
    assert hits[0].id == "demo-de-lausitzer-cnc"
    assert "speaks pl" in hits[0].reason
    # Soft filters: those meeting everything come first; the nearest Saxon CNC shops that do
    # not speak Polish may follow, marked with what they miss.
    assert all(h.region == "Sachsen" for h in hits)
    full = [h for h in hits if not h.misses]
    assert full and all("pl" in h.languages for h in full)
    assert hits[:len(full)] == full
    assert all(h.misses == ["languages"] and "pl" not in h.languages for h in hits[len(full):])


def test_polish_question_finds_a_supplier_described_in_german(
        company_search: CompanySearch) -> None:
    hits = company_search.search("Szukam firmy do cynkowania ogniowego konstrukcji stalowych",
                                 "pl")
    assert hits[0].id == "demo-de-neisse-verzinkerei"
    assert "Feuerverzinkung" in (hits[0].offers or "")


def test_country_named_in_czech_applies_the_filter(company_search: CompanySearch) -> None:
    hits = company_search.search("Hledám dodavatele vstřikování plastů v Polsku", "cs",
                                 limit=10)
    assert hits and all(h.country == "PL" for h in hits)
    assert "plastics" in hits[0].sectors


def test_explicit_filters_combine_and_override_the_question(
        company_search: CompanySearch) -> None:
    filters = CompanyFilters(countries=["de"], languages=["CS"], sectors=["automation"])
    hits = company_search.search("Ich suche Partner in Polen", "de", limit=20, filters=filters)
    assert hits
    for h in hits:
        assert h.country == "DE" and "cs" in h.languages and "automation" in h.sectors
    institutions = company_search.search("", "en", limit=50,
                                         filters=CompanyFilters(kind="institution",
                                                                countries=["CZ"]))
    assert {h.id for h in institutions} == {"ahk-services-cz", "wk-karlovy-vary",
                                            "mas-cesky-sever"}
    certified = company_search.search("", "en", limit=300, filters=CompanyFilters(
        kind="company", certifications=["IATF 16949"], countries=["PL", "CZ"]))
    records = [json.loads(line) for line in DEMO_FILE.read_text(encoding="utf-8").splitlines()]
    expected = {r["id"] for r in records if "IATF 16949" in r.get("certifications", [])
                and r["country"] in {"PL", "CZ"}}
    assert expected and {h.id for h in certified} == expected


@pytest.mark.parametrize(("question", "lang", "first"), [
    ("Who can help me find partners in Czechia?", "en", "ahk-services-cz"),
    ("Kdo mi pomůže najít obchodní partnery v Česku?", "cs", "ahk-services-cz"),
    ("Wer unterstützt sächsische Firmen beim Export auf internationale Messen?", "de",
     "wfs-sachsen"),
])
def test_who_can_help_puts_the_right_institution_first(
        company_search: CompanySearch, question: str, lang: str, first: str) -> None:
    hits = company_search.search(question, lang)
    assert hits[0].id == first, [(h.id, h.score) for h in hits]
    assert hits[0].kind == "institution"
    kinds = [h.kind for h in hits]
    # institutions come before any company
    assert kinds == sorted(kinds, key=lambda k: k != "institution")


@pytest.mark.parametrize(("question", "lang", "expected"), [
    ("Szukam firmy z Jeleniej Góry, która programuje sterowniki PLC i roboty.", "pl",
     "demo-pl-karkonosze-automatyka"),
    ("Jaka firma we Wrocławiu projektuje elektronikę wbudowaną i czujniki?", "pl",
     "demo-pl-100"),
])
def test_polish_company_questions_with_design_verbs_find_the_company(
        company_search: CompanySearch, question: str, lang: str, expected: str) -> None:
    hits = company_search.search(question, lang)
    assert hits[0].id == expected, [(h.id, h.score) for h in hits]


@pytest.mark.parametrize(("question", "lang", "first"), [
    ("Która instytucja w Dreźnie pomaga firmom w eksporcie?", "pl", "wfs-sachsen"),
    ("Welche Einrichtung in Sachsen hilft Firmen beim Export?", "de", "wfs-sachsen"),
    ("Which institution in Jelenia Góra supports companies?", "en", "karr-jelenia-gora"),
    ("Která instituce v Praze pomáhá firmám s exportem do Německa?", "cs", "ahk-services-cz"),
])
def test_which_institution_finds_institutions_only(
        company_search: CompanySearch, question: str, lang: str, first: str) -> None:
    hits = company_search.search(question, lang)
    assert hits[0].id == first, [(h.id, h.score) for h in hits]
    assert {h.kind for h in hits} == {"institution"}


def test_matchmaking_pairs_a_seek_with_the_offer_across_the_border(
        demo_company_settings: Settings) -> None:
    matches = OrganisationMatcher(demo_company_settings).match("demo-de-lausitzer-cnc", limit=5)
    offering = [m for m in matches if m.direction == "offers_what_you_seek"]
    assert offering[0].hit.id == "demo-cz-lakovna-jested"
    assert "powder coating" in offering[0].hit.reason
    assert "cross-border DE–CZ" in offering[0].hit.reason
    assert "shared language de" in offering[0].hit.reason
    seeking = [m for m in matches if m.direction == "seeks_what_you_offer"]
    assert seeking and all("CNC machining" in m.hit.reason for m in seeking)


# -- the command line -------------------------------------------------------------------------
def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LOTSE_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    return subprocess.run([LOTSE, "companies", *args], capture_output=True, text=True,
                          timeout=300, env=env)


def test_cli_search_match_and_bad_import(demo_company_settings: Settings,
                                         tmp_path: Path) -> None:
    proc = _run(demo_company_settings, "search", "Pulverbeschichtung", "--country", "CZ",
                "--language", "de", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows[0]["id"] == "demo-cz-lakovna-jested"
    assert all(r["country"] == "CZ" and "de" in r["languages"] for r in rows)

    proc = _run(demo_company_settings, "match", "demo-de-lausitzer-cnc", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["id"] == "demo-cz-lakovna-jested"
    assert _run(demo_company_settings, "match", "no-such-id").returncode == 1

    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,country,employees\nb1,Bad GmbH,DE,many\n", encoding="utf-8")
    proc = _run(demo_company_settings, "import", str(bad))
    assert proc.returncode == 1
    assert "row 2, column 'employees'" in proc.stderr


def test_a_search_sees_a_later_import_at_once(company_settings: Settings,
                                               write_file) -> None:  # type: ignore[no-untyped-def]
    # The search keeps every record and vector in memory; a changed database (here an import
    # through another store, as the CLI or another worker makes it) must replace that copy on
    # the next question. The database signature is what tells, whichever process wrote.
    from knowledge.companies.importer import import_file

    import_file(company_settings, DEMO_FILE)
    search = CompanySearch(company_settings)
    question = "Wer fertigt Orgelpfeifen aus Zinn in Tschechien?"
    assert "t-organ-pipes" not in [h.id for h in search.search(question, "de", limit=3)]
    new = write_file("organ.jsonl", json.dumps({
        "id": "t-organ-pipes", "name": "Píšťalárna Krnov s.r.o.", "country": "CZ",
        "city": "Krnov", "offers": "Orgelpfeifen aus Zinn und Blei, Restaurierung von Orgeln.",
        "languages": ["cs", "de"], "demo": True}) + "\n")
    import_file(company_settings, new)
    after = search.search(question, "de", limit=3)
    assert after and after[0].id == "t-organ-pipes"
