"""Company-database fixtures: every company test runs on SQLite and on a real PostgreSQL.

The PostgreSQL half needs LOTSE_TEST_POSTGRES_URL (CI sets it from
`scripts/postgres-test-server.sh start`); without a reachable server it skips with the reason.
Each test run works in databases of its own, dropped at the end, so parallel runs never collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from knowledge.db import forget_database
from knowledge.settings import Settings
from tests.conftest import DEMO_FILE, make_settings

POSTGRES_ENV = "LOTSE_TEST_POSTGRES_URL"


@dataclass
class Backend:
    name: str
    admin_url: str | None = None
    created: list[str] = field(default_factory=list)

    def settings(self, data_dir: Path, **overrides: object) -> Settings:
        """Settings with their own data directory and, on PostgreSQL, their own database;
        `overrides` are further settings by their environment names."""
        if self.admin_url is None:
            return make_settings(data_dir, **overrides)
        import psycopg

        name = f"lotse_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        base = self.admin_url.rsplit("/", 1)[0]
        return make_settings(data_dir, DATABASE_URL=f"{base}/{name}", **overrides)

    def drop_all(self) -> None:
        if self.admin_url is None:
            return
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set; start a server with "
                    "`scripts/postgres-test-server.sh start` and export its URL")
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure to connect means: no usable server here
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {exc}")
    return url


def backend_named(name: str) -> Backend:
    """The backend a fixture parametrised over "sqlite"/"postgresql" stands for; PostgreSQL
    skips with the reason when no server is set up."""
    return Backend("sqlite") if name == "sqlite" else Backend("postgresql", _postgres_admin_url())


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def company_backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    backend = backend_named(request.param)
    yield backend
    backend.drop_all()


@pytest.fixture
def company_settings(company_backend: Backend, tmp_path: Path) -> Iterator[Settings]:
    """An empty organisation database (and vector index) for one test."""
    settings = company_backend.settings(tmp_path / "data")
    yield settings
    forget_database(settings)


@pytest.fixture(scope="session")
def demo_company_settings(company_backend: Backend, tmp_path_factory: pytest.TempPathFactory,
                          embedder: object) -> Iterator[Settings]:
    """The bundled demo organisations imported once per backend; tests only read it."""
    from knowledge.companies.importer import import_file

    settings = company_backend.settings(tmp_path_factory.mktemp("orgs") / "data")
    import_file(settings, DEMO_FILE)
    yield settings
    forget_database(settings)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
