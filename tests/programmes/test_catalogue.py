"""The bundled catalogue and the semantic index over the catalogue (real Chroma, the bundled
embedder)."""

from __future__ import annotations

import json
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from bot.cli import BUNDLED_PROGRAMMES
from knowledge.db import get_database
from knowledge.embeddings import Embedder
from knowledge.programmes.importer import parse_file
from knowledge.programmes.index import ProgrammeIndex
from knowledge.programmes.records import LANGUAGES, ProgrammeRecord
from knowledge.programmes.store import ProgrammeStore
from knowledge.settings import Settings
from tests.conftest import DEMO_FILE

CHECKED = date(2026, 11, 30)


def _record(ident: str, purpose: str, description: dict[str, str]) -> ProgrammeRecord:
    return ProgrammeRecord(id=ident, names={"en": ident.replace("-", " ")}, funder="Sample bank",
                           kind="grant", purposes=(purpose,), description=description,
                           source_url=f"https://example.org/{ident}", checked_on=CHECKED)


# A fixture catalogue: one trade-fair programme (described in German only, so every other
# language reaches it across languages) among programmes for other purposes.
FIXTURE = [
    _record("fair-abroad", "export_trade_fairs", {
        "de": "Zuschuss für die Teilnahme an Auslandsmessen: Standmiete, Messebau, Reise- und "
              "Transportkosten für Aussteller aus kleinen und mittleren Unternehmen."}),
    _record("energy-loan", "energy", {
        "en": "Low-interest loan for insulating buildings, heat pumps and solar panels."}),
    _record("digital-voucher", "digitalisation", {
        "de": "Gutschein für IT-Beratung, Online-Shop und die Digitalisierung von Abläufen."}),
    _record("start-up-advice", "founding", {
        "pl": "Bezpłatne doradztwo dla osób zakładających własną firmę: biznesplan, forma "
              "prawna, rejestracja."}),
    _record("rd-grant", "innovation_rd", {
        "cs": "Dotace na výzkum a vývoj nových výrobků ve spolupráci s vysokými školami."}),
    _record("apprentice-bonus", "hiring_training", {
        "en": "Bonus for companies that hire and train apprentices."}),
]


@pytest.fixture
def index(settings: Settings, embedder: Embedder) -> ProgrammeIndex:
    store = ProgrammeStore(get_database(settings))
    store.upsert(FIXTURE)
    return ProgrammeIndex(settings, embedder, store=store)


@pytest.mark.parametrize("question", [
    "money for a trade fair in Brno",
    "Geld für einen Messestand in Brünn",
    "pieniądze na udział w targach w Brnie",
    "peníze na účast na veletrhu v Brně",
])
def test_trade_fair_question_finds_the_trade_fair_programme_in_every_language(
        index: ProgrammeIndex, question: str) -> None:
    found = index.search(question, k=3)
    assert found[0][0].id == "fair-abroad", [(r.id, round(s, 3)) for r, s in found]
    assert found[0][1] > found[1][1]


def test_the_index_follows_the_catalogue(index: ProgrammeIndex, settings: Settings,
                                         embedder: Embedder) -> None:
    question = "a loan for a heat pump and insulation"
    assert index.search(question, k=1)[0][0].id == "energy-loan"
    # an edit of another programme's description is seen by the next search
    store = index.store
    fair = store.get("fair-abroad")
    assert fair is not None
    store.upsert([replace(fair, description={"en": "Credit for heat pumps, insulation and "
                                                   "solar panels on the company roof."})])
    assert {r.id for r, _ in index.search(question, k=2)} == {"energy-loan", "fair-abroad"}
    # a removed programme is never returned, and its vectors are gone
    store.delete(["energy-loan"])
    assert "energy-loan" not in {r.id for r, _ in index.search(question, k=10)}
    assert not [i for i in index.vectors.ids() if i.startswith("energy-loan::")]
    # another process (a second index on the same data) finds the vectors ready
    assert ProgrammeIndex(settings, embedder).sync() == 0


def test_one_vector_per_catalogue_language_and_only_changed_programmes_are_embedded(
        index: ProgrammeIndex) -> None:
    assert index.sync() == len(FIXTURE)
    assert index.sync() == 0
    rd = index.store.get("rd-grant")
    assert rd is not None
    index.store.upsert([replace(rd, description=rd.description | {"de": "Forschungszuschuss"})])
    assert index.sync() == 1
    assert sorted(i for i in index.vectors.ids() if i.startswith("rd-grant::")) == \
        ["rd-grant::cs", "rd-grant::de", "rd-grant::en", "rd-grant::pl"]


class OtherModel:
    """Another embeddings model (as after switching LOTSE_EMBEDDINGS): other identity, and
    vectors that rank a passage by how many of the question's words it shares."""

    identity = "test:other-model"
    dim = 384

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            # crc32, not hash(): the same bucket in every process, so the ranking is fixed
            vector[zlib.crc32(word.strip(".,:").encode()) % self.dim] += 1.0
        return vector / (np.linalg.norm(vector) or 1.0)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else \
            np.zeros((0, self.dim), dtype=np.float32)


def test_a_new_embedder_rebuilds_the_programme_index(index: ProgrammeIndex,
                                                     settings: Settings) -> None:
    assert index.sync() == len(FIXTURE)
    other = ProgrammeIndex(settings, OtherModel())  # type: ignore[arg-type]
    found = other.search("apprentices", k=1)
    assert found[0][0].id == "apprentice-bonus"
    assert other.vectors.count() == len(FIXTURE) * len(LANGUAGES)


# -- the bundled catalogue --------------------------------------------------------------------
NAMED_BY_THE_SEEDS = ("interreg-polska-saksonia-2021-2027", "interreg-sachsen-tschechien-2021-2027",
                      "interreg-central-europe-2021-2027", "interreg-alpine-space-2021-2027")


def test_bundled_catalogue_is_valid_complete_and_sourced() -> None:
    records = parse_file(BUNDLED_PROGRAMMES)
    ids = {r.id for r in records}
    assert set(NAMED_BY_THE_SEEDS) <= ids
    # ERDF-funded support beside Interreg, in each of the three countries
    erdf = [r for r in records if r.id not in NAMED_BY_THE_SEEDS and
            any(word in r.funder + r.description.get("en", "")
                for word in ("ERDF", "EFRE", "EFRR", "EU support"))]
    assert {c for r in erdf for c in r.countries} >= {"DE", "PL", "CZ"}
    organisations = {json.loads(line)["id"] for line in
                     DEMO_FILE.read_text(encoding="utf-8").splitlines() if line.strip()}
    corpus_root = Path(BUNDLED_PROGRAMMES).resolve().parents[2]
    for r in records:
        for language in LANGUAGES:
            assert r.names.get(language) and r.description.get(language), (r.id, language)
        assert r.source_url, r.id
        if not r.source_url.startswith("https://"):
            assert (corpus_root / r.source_url).is_file(), r.source_url
        if r.contact_org_id:
            assert r.contact_org_id in organisations, r.contact_org_id
        assert not r.demo, f"{r.id}: the bundled catalogue has no fictional programmes"


def test_bundled_catalogue_answers_a_trade_fair_question(settings: Settings,
                                                         embedder: Embedder) -> None:
    store = ProgrammeStore(get_database(settings))
    store.upsert(parse_file(BUNDLED_PROGRAMMES))
    index = ProgrammeIndex(settings, embedder, store=store)
    for question in ("Gemeinschaftsstand auf einer internationalen Messe",
                     "wspólne stoisko na targach międzynarodowych"):
        top = [r.id for r, _ in index.search(question, k=3)]
        assert "wfs-messen-unternehmerreisen" in top, (question, top)
