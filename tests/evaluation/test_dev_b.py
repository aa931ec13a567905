"""The second development set, dev-b (knowledge/golden/README.md): well-formed, in four
languages, balanced like the held-out test set, and with expectations that follow from its own
organisation file. Every `expect_companies` entry is recomputed here from the criteria the
question names, so a change to the generator or to a question that breaks an expectation fails
instead of silently measuring the wrong thing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.evaluation.golden import GoldenQuestion, load_golden
from knowledge.companies.importer import parse_file
from knowledge.golden.generate_dev_organisations import OUTPUT, TRADES, as_jsonl, generate
from tests.conftest import CORPUS_DIR, DEMO_FILE

GOLDEN_DIR = OUTPUT.parent
DEV_B_SET = GOLDEN_DIR / "dev-b.yaml"
OTHER_SETS = [GOLDEN_DIR / "dev.yaml", GOLDEN_DIR / "test.yaml", GOLDEN_DIR / "golden.yaml"]
OTHER_ORGANISATIONS = [DEMO_FILE, GOLDEN_DIR / "test-organisations.jsonl"]

# Landscapes as the questions use them: no record stores these names, so the towns each one
# covers are written down here (towns of dev-organisations.jsonl only). Where a town's belonging
# is arguable (Passau to the Bavarian Forest, Opava to Moravia), the questions were chosen so that
# no organisation there meets the other criteria.
LANDSCAPES: dict[str, set[str]] = {
    "thueringer_wald": {"Suhl", "Ilmenau", "Zella-Mehlis"},
    "oberpfalz": {"Regensburg", "Weiden", "Amberg", "Cham"},
    "bayer_wald": {"Zwiesel", "Cham", "Deggendorf", "Passau"},
    "sumava": {"Prachatice", "Český Krumlov"},
    "beskidy": {"Bielsko-Biała", "Cieszyn", "Frýdek-Místek", "Třinec", "Vsetín"},
    "morava": {
        "Ostrava",
        "Frýdek-Místek",
        "Nový Jičín",
        "Olomouc",
        "Přerov",
        "Šumperk",
        "Prostějov",
        "Zlín",
        "Uherské Hradiště",
        "Vsetín",
        "Kroměříž",
    },
}

# What each organisation question asks for, as fields of the import format: `specialty` and
# `sector` are entries of `sectors`; `landscape` a key of LANDSCAPES; `languages` must all be
# spoken; `seeks` a (trade, specialty) of the generator whose wording the record's seeks holds.
CRITERIA: dict[str, dict[str, object]] = {
    "de-org-kabelbaum-cham-aus-regensburg": {"specialty": "wire harnesses", "city": "Cham"},
    "de-org-platinen-tschechien-deutsch": {
        "specialty": "smt assembly",
        "country": "CZ",
        "languages": ["de"],
    },
    "de-org-spritzgiesser-deutschland": {"specialty": "injection moulding", "country": "DE"},
    "de-org-zylinder-ueberholen-tschechien": {"specialty": "hydraulic cylinders", "country": "CZ"},
    "de-org-bueromoebel-oberpfalz": {"specialty": "office furniture", "landscape": "oberpfalz"},
    "de-org-zugversuch-thueringer-wald": {
        "specialty": "material testing",
        "landscape": "thueringer_wald",
    },
    "de-org-maehdrescher-gera": {"specialty": "tractor repair", "city": "Gera"},
    "de-org-messebau-maehrisch-ostrau": {"specialty": "exhibition stands", "city": "Ostrava"},
    "de-org-erp-kattowitz": {"specialty": "erp integration", "city": "Katowice"},
    "de-org-dichtungen-polen-iatf": {
        "specialty": "seals",
        "country": "PL",
        "certification": "IATF 16949",
    },
    "de-org-kalibrierung-woiwodschaft-schlesien-typo": {
        "specialty": "calibration",
        "region": "śląskie",
    },
    "de-org-gummidichtungen-budweis": {"specialty": "seals", "city": "České Budějovice"},
    "de-org-kalibrierlabor-sucht-kunden": {"seeks": ("metrology", "calibration")},
    "de-org-forschung-laseroptik-jena": {"kind": "research", "city": "Jena"},
    "de-org-tschechische-partner-cham": {"kind": "institution", "city": "Cham"},
    "de-org-waermepumpe-maehren": {"specialty": "heat pumps", "landscape": "morava"},
    "de-org-linsen-beschichten-boehmerwald": {
        "specialty": "optical coatings",
        "landscape": "sumava",
    },
    "de-followup-kabelbaum-cham-iatf": {
        "specialty": "wire harnesses",
        "city": "Cham",
        "certification": "IATF 16949",
    },
    "de-followup-bestuecker-polen": {"specialty": "smt assembly", "country": "PL"},
    "de-org-waermepumpe-olmuetz": {"specialty": "heat pumps", "city": "Olomouc"},
    "de-org-schweissbaugruppen-kunden-tschechien": {
        "seeks": ("steel", "welded assemblies"),
        "country": "CZ",
    },
    "de-multi-foerderquote-und-waermepumpe-cz": {"specialty": "heat pumps", "country": "CZ"},
    "de-multi-innocoop-kontakt-und-gummi-metall-pl": {
        "specialty": "rubber moulding",
        "country": "PL",
    },
    "de-multi-selbst-beantragen-und-roboterzelle-thueringen": {
        "specialty": "robot cells",
        "region": "Thüringen",
    },
    "en-org-pcb-design-poland": {"specialty": "pcb design", "country": "PL"},
    "en-org-calibration-gleiwitz": {"specialty": "calibration", "city": "Gliwice"},
    "en-org-hvac-poland-english": {
        "specialty": "hvac controls",
        "country": "PL",
        "languages": ["en"],
    },
    "en-org-tig-stainless-beskids": {"specialty": "stainless welding", "landscape": "beskidy"},
    "en-org-emc-germany-english": {
        "specialty": "emc testing",
        "country": "DE",
        "languages": ["en"],
    },
    "en-org-laser-engraving-prerov-no-diacritics": {"specialty": "laser marking", "city": "Přerov"},
    "en-org-palletising-cell-czech-speaking-poland": {
        "specialty": "robot cells",
        "country": "PL",
        "languages": ["cs"],
    },
    "en-org-battery-storage-thuringia": {"specialty": "battery storage", "region": "Thüringen"},
    "en-org-seal-maker-looks-for-customers-germany": {
        "seeks": ("rubber", "seals"),
        "country": "DE",
    },
    "en-org-composites-research-poland": {
        "kind": "research",
        "country": "PL",
        "sector": "composites",
    },
    "en-org-anti-reflective-bavarian-forest": {
        "specialty": "optical coatings",
        "landscape": "bayer_wald",
    },
    "en-org-dough-south-bohemia": {"specialty": "bakery machines", "region": "Jihočeský kraj"},
    "en-org-interpreters-czech-agency": {"specialty": "interpreting", "country": "CZ"},
    "en-org-touchscreen-ui-poland": {"specialty": "ux design", "country": "PL"},
    "en-org-certificates-of-origin-opava": {"kind": "institution", "city": "Opava"},
    "en-org-extruded-profiles-jena": {"specialty": "extrusion", "city": "Jena"},
    "en-followup-tractor-repair-czechia": {"specialty": "tractor repair", "country": "CZ"},
    "en-org-labels-wear-off-czechia": {"specialty": "laser marking", "country": "CZ"},
    "en-multi-cofinancing-and-control-cabinets-pl": {
        "specialty": "control cabinets",
        "country": "PL",
    },
    "en-multi-servitisation-and-vision-uherske-hradiste": {
        "specialty": "machine vision",
        "city": "Uherské Hradiště",
    },
    "en-multi-nrw-coordinator-and-pcb-thuringia": {
        "specialty": "pcb design",
        "region": "Thüringen",
    },
    "pl-org-wiazki-bawaria-iatf": {
        "specialty": "wire harnesses",
        "region": "Bayern",
        "certification": "IATF 16949",
    },
    "pl-org-tapicerka-ratyzbona": {"specialty": "upholstery", "city": "Regensburg"},
    "pl-org-silowniki-olomuniec": {"specialty": "hydraulic cylinders", "city": "Olomouc"},
    "pl-org-wtryskownia-czechy": {"specialty": "injection moulding", "country": "CZ"},
    "pl-org-stoiska-beskidy": {"specialty": "exhibition stands", "landscape": "beskidy"},
    "pl-org-fotowoltaika-nowy-sacz-bez-ogonkow": {
        "specialty": "pv installation",
        "city": "Nowy Sącz",
    },
    "pl-org-izba-gliwice-eksport": {"kind": "institution", "city": "Gliwice"},
    "pl-org-wiazki-szukaja-dostawcy-niemcy": {
        "seeks": ("harness", "wire harnesses"),
        "country": "DE",
    },
    "pl-org-emc-akredytacja-polska": {
        "specialty": "emc testing",
        "country": "PL",
        "certification": "ISO/IEC 17025",
    },
    "pl-org-skan-3d-czechy": {"specialty": "3d scanning", "country": "CZ"},
    "pl-org-pomieszczenia-czyste-niemcy": {"specialty": "cleanroom ventilation", "country": "DE"},
    "pl-org-instytut-receptury-malopolska": {"kind": "research", "region": "małopolskie"},
    "pl-org-pneumatyka-czechy-niemiecki": {
        "specialty": "pneumatics",
        "country": "CZ",
        "languages": ["de"],
    },
    "pl-org-przyczepy-mielec": {"specialty": "trailers", "city": "Mielec"},
    "pl-org-wzornictwo-po-czesku": {
        "specialty": "product design",
        "country": "PL",
        "languages": ["cs"],
    },
    "pl-followup-laser-czechy": {"specialty": "laser marking", "country": "CZ"},
    "pl-org-wizja-ostrawa": {"specialty": "machine vision", "city": "Ostrava"},
    "pl-multi-things-efrr-i-badania-klimatyczne": {"specialty": "climate testing", "country": "DE"},
    "pl-multi-karr-i-erp-czechy": {"specialty": "erp integration", "country": "CZ"},
    "pl-multi-alpcluster-i-silikon-niemcy": {"specialty": "silicone", "country": "DE"},
    "cs-org-kancelarsky-nabytek-rezno": {"specialty": "office furniture", "city": "Regensburg"},
    "cs-org-emc-pasov": {"specialty": "emc testing", "city": "Passau"},
    "cs-org-hydraulicke-agregaty-katovice": {
        "specialty": "hydraulic power units",
        "city": "Katowice",
    },
    "cs-org-profily-horni-falc": {"specialty": "extrusion", "landscape": "oberpfalz"},
    "cs-org-ocelove-haly-durynsko": {"specialty": "steel structures", "region": "Thüringen"},
    "cs-org-ochranny-lak-polsko-bez-diakritiky": {
        "specialty": "conformal coating",
        "country": "PL",
    },
    "cs-org-svarovane-ramy-polsko-cesky": {
        "specialty": "welded assemblies",
        "country": "PL",
        "languages": ["cs"],
    },
    "cs-org-hydraulika-servis-beskydy": {
        "specialty": "hydraulic power units",
        "landscape": "beskidy",
    },
    "cs-org-pryzove-smesi-vyzkum-morava": {
        "kind": "research",
        "landscape": "morava",
        "sector": "rubber",
    },
    "cs-org-plc-hledaji-dodavatele": {"seeks": ("robotics", "plc programming"), "country": "CZ"},
    "cs-org-penetracni-testy-jizni-cechy": {"specialty": "it security", "region": "Jihočeský kraj"},
    "cs-org-kabelove-svazky-sumava": {"specialty": "wire harnesses", "landscape": "sumava"},
    "cs-org-traktory-slovensky": {"specialty": "tractor repair", "languages": ["sk"]},
    "cs-org-stanek-nemecko-anglicky": {
        "specialty": "exhibition stands",
        "country": "DE",
        "languages": ["en"],
    },
    "cs-org-tesneni-krakov": {"specialty": "seals", "city": "Kraków"},
    "cs-org-klastr-olomouc": {"kind": "institution", "city": "Olomouc"},
    "cs-followup-tepelna-cerpadla-polsko": {"specialty": "heat pumps", "country": "PL"},
    "cs-org-tesneni-hledaji-polsko": {"seeks": ("rubber", "seals"), "country": "PL"},
    "cs-org-termoformovani-olomoucky-kraj": {
        "specialty": "thermoforming",
        "region": "Olomoucký kraj",
    },
    "cs-multi-glokal-eu-a-davkovani-polsko": {"specialty": "filling machines", "country": "PL"},
    "cs-multi-tgz-adresa-a-3d-skenovani-bavorsko": {"specialty": "3d scanning", "region": "Bayern"},
    "cs-multi-alpcluster-a-interiery-polsko-nemecky": {
        "specialty": "shopfitting",
        "country": "PL",
        "languages": ["de"],
    },
}


def _records(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _meets(record: dict, criteria: dict[str, object]) -> bool:
    checks = {
        "specialty": lambda v: v in record["sectors"],
        "sector": lambda v: v in record["sectors"],
        "city": lambda v: record["city"] == v,
        "country": lambda v: record["country"] == v,
        "region": lambda v: record["region"] == v,
        "kind": lambda v: record["kind"] == v,
        "landscape": lambda v: record["city"] in LANDSCAPES[v],
        "languages": lambda v: set(v) <= set(record["languages"]),
        "certification": lambda v: v in record["certifications"],
        "seeks": lambda v: any(
            phrase.casefold() in record["seeks"].casefold()
            for phrases in TRADES[v[0]].specialties[v[1]].values()
            for phrase in phrases
        ),
    }
    return all(checks[key](value) for key, value in criteria.items())


@pytest.fixture(scope="module")
def questions() -> list[GoldenQuestion]:
    return load_golden(DEV_B_SET)


@pytest.fixture(scope="module")
def organisations() -> list[dict]:
    return _records(OUTPUT)


def test_regenerating_the_organisations_gives_the_same_bytes() -> None:
    assert as_jsonl(generate()) == OUTPUT.read_text(encoding="utf-8")


def test_the_organisations_are_fictional_and_apart_from_the_other_files(
    organisations: list[dict],
) -> None:
    assert len(organisations) >= 280
    ids = [record["id"] for record in organisations]
    assert len(set(ids)) == len(ids)
    assert all(record["demo"] is True and record["id"].startswith("b-") for record in organisations)
    assert all(".example." in record["website"] for record in organisations)
    kinds = Counter(record["kind"] for record in organisations)
    assert kinds["research"] >= 10 and kinds["institution"] >= 10, kinds
    for other in OTHER_ORGANISATIONS:
        assert not set(ids) & {record["id"] for record in _records(other)}, other.name
        assert not (
            {record["city"] for record in organisations}
            & {record.get("city") for record in _records(other)}
        ), other.name


def test_the_company_import_accepts_the_file_and_every_specialty_is_in_the_offers(
    organisations: list[dict],
) -> None:
    # parse_file is the validation `lotse companies import` runs before writing anything.
    assert len(parse_file(OUTPUT)) == len(organisations)
    for record in organisations:
        if record["kind"] != "company":
            continue
        trade = next(t for t in TRADES.values() if t.sector == record["sectors"][0])
        for specialty in record["sectors"][1:]:
            wordings = [w for ws in trade.specialties[specialty].values() for w in ws]
            assert any(w in record["offers"] for w in wordings), (record["id"], specialty)


def test_the_set_is_large_and_balanced_like_the_test_set(questions: list[GoldenQuestion]) -> None:
    assert len(questions) >= 120
    per_language = Counter(q.language for q in questions)
    assert set(per_language) == {"de", "en", "pl", "cs"}
    assert min(per_language.values()) >= 28, per_language
    assert all(q.note for q in questions)
    unanswered = sum(not q.expect_answered for q in questions)
    with_companies = sum(bool(q.expect_companies) for q in questions)
    with_sources = sum(bool(q.expect_sources) for q in questions)
    several_intents = sum(bool(q.expect_companies and q.expect_sources) for q in questions)
    assert unanswered >= 0.08 * len(questions)
    assert with_companies >= 0.45 * len(questions)
    assert with_sources >= 0.25 * len(questions)
    assert several_intents >= 0.08 * len(questions)
    assert sum(bool(q.history) for q in questions) >= 10


def test_every_expected_company_is_every_organisation_meeting_the_criteria(
    questions: list[GoldenQuestion], organisations: list[dict]
) -> None:
    with_companies = {q.id: q for q in questions if q.expect_companies}
    assert set(CRITERIA) == set(with_companies)
    for question_id, criteria in CRITERIA.items():
        meeting = [record["id"] for record in organisations if _meets(record, criteria)]
        assert 1 <= len(meeting) <= 3, (question_id, meeting)
        assert sorted(with_companies[question_id].expect_companies) == sorted(meeting), question_id


def test_expected_sources_exist_and_hold_the_expected_text(questions: list[GoldenQuestion]) -> None:
    documents = {
        path: path.read_text(encoding="utf-8").casefold()
        for path in CORPUS_DIR.rglob("*.md")
        if path.name != "README.md"
    }

    def language(path: Path) -> str:
        # name.md is the German original, name.xx.md its translation.
        parts = path.name.split(".")
        return parts[-2] if len(parts) == 3 else "de"

    for q in questions:
        expected = [
            path
            for path in documents
            if any(wanted.casefold() in str(path).casefold() for wanted in q.expect_sources)
        ]
        for wanted in q.expect_sources:
            assert any(wanted.casefold() in str(path).casefold() for path in expected), (
                q.id,
                wanted,
            )
        if not q.expect_sources:
            continue
        for text in q.must_contain:
            assert any(
                text.casefold() in documents[path]
                for path in expected
                if language(path) == q.language
            ), (q.id, text)


def test_no_conversation_is_shared_with_another_set(questions: list[GoldenQuestion]) -> None:
    def conversations(items: list[GoldenQuestion]) -> set[tuple[str, ...]]:
        return {tuple(m.casefold() for m in [*q.history, q.question]) for q in items}

    mine = conversations(questions)
    for other in OTHER_SETS:
        assert not mine & conversations(load_golden(other)), other.name
