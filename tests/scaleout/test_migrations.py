"""Several processes starting at once on a fresh database each migrate it; none may fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.settings import Settings
from tests.conftest import REPO_ROOT
from tests.knowledge.conftest import backend_named

# Each process opens its engine, waits at the barrier (a file the test creates), then migrates.
MIGRATE = """
import sys, time
from pathlib import Path
from knowledge.db import Database
database = Database(sys.argv[1])
while not Path(sys.argv[2]).exists():
    time.sleep(0.01)
database.migrate()
print("migrated")
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    backend = backend_named(request.param)
    yield backend.settings(tmp_path / "data")
    backend.drop_all()


def test_four_processes_migrate_a_fresh_database_at_once(fresh_database: Settings,
                                                         tmp_path: Path) -> None:
    barrier = tmp_path / "go"
    processes = [subprocess.Popen(
        [sys.executable, "-c", MIGRATE, fresh_database.sqlalchemy_url, str(barrier)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT)
        for _ in range(4)]
    barrier.touch()
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read())  # type: ignore[union-attr]
               for p in processes]
    assert all(code == 0 and out.strip() == "migrated" for code, out, _ in results), \
        [err[-600:] for _, _, err in results]
