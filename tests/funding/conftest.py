"""A data directory with the mini corpus, the demo organisations and a fixture programme
catalogue written here (fictional programmes, marked demo), shared by the funding tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from knowledge.db import forget_database, get_database
from knowledge.programmes.records import ProgrammeRecord
from knowledge.programmes.store import ProgrammeStore
from knowledge.settings import Settings
from tests.conftest import make_settings

TODAY = date.today()


def fixture_catalogue(today: date = TODAY) -> list[ProgrammeRecord]:
    def record(id: str, **facts: object) -> ProgrammeRecord:
        values: dict[str, object] = {"funder": "Fixture Funding Agency", "kind": "grant",
                                     "source_url": f"https://funding.example/{id}",
                                     "url": f"https://funding.example/{id}/apply",
                                     "checked_on": today - timedelta(days=10), "demo": True}
        values.update(facts)
        return ProgrammeRecord(id=id, **values)  # type: ignore[arg-type]

    return [
        record("fixture-liberec-fairs",
               names={"de": "Messebonus Liberec", "en": "Liberec trade fair bonus",
                      "pl": "Premia targowa Liberec", "cs": "Veletržní bonus Liberec"},
               regions=("CZ051",), countries=("CZ",), size_classes=("micro", "small", "medium"),
               purposes=("export_trade_fairs",), funding_rate_max=50.0,
               closes_on=today + timedelta(days=12), contact_org_id="wfs-sachsen",
               description={"en": "Grants for small firms from the Liberec Region exhibiting "
                                  "at trade fairs abroad: stand rent, travel, translations."}),
        record("fixture-liberec-closed",
               names={"en": "Liberec trade fair bonus 2025 (closed)"},
               regions=("CZ051",), countries=("CZ",), size_classes=("micro", "small", "medium"),
               purposes=("export_trade_fairs",), closes_on=today - timedelta(days=3),
               description={"en": "Last year's call for trade fair grants in Liberec."}),
        record("fixture-saxony-innovation",
               names={"de": "Innovationszuschuss Sachsen", "en": "Saxony innovation grant"},
               regions=("DED",), countries=("DE",), size_classes=("micro", "small", "medium"),
               purposes=("innovation_rd",), rolling=True,
               funding_rate_note={"en": "medium-sized companies get 35 %",
                                  "de": "mittlere Unternehmen erhalten 35 %",
                                  "pl": "średnie przedsiębiorstwa otrzymują 35 %",
                                  "cs": "střední podniky získají 35 %"},
               description={"en": "Grants for research and prototypes of small and "
                                  "medium-sized companies in Saxony."}),
        record("fixture-czech-digital-loan", kind="loan",
               names={"cs": "Digitální úvěr", "en": "Czech digitalisation loan"},
               countries=("CZ",), size_classes=("micro", "small", "medium", "large"),
               purposes=("digitalisation",), rolling=True,
               description={"en": "Low-interest loans for software, online shops and "
                                  "digital tools of Czech companies."}),
    ]


def write_catalogue(settings: Settings, records: list[ProgrammeRecord]) -> None:
    ProgrammeStore(get_database(settings)).replace_all(records)


@pytest.fixture(scope="session")
def funding_data_dir(company_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("funding") / "data"
    shutil.copytree(company_data_dir, target)
    settings = make_settings(target)
    write_catalogue(settings, fixture_catalogue())
    forget_database(settings)
    return target


@pytest.fixture(scope="session")
def funding_settings(funding_data_dir: Path) -> Iterator[Settings]:
    settings = make_settings(funding_data_dir)
    yield settings
    forget_database(settings)
