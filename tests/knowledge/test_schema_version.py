"""Opening a database runs Alembic only when its schema is not the newest (issue 15: importing
Alembic cost more than all of `lotse --help`); an older database is still migrated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

from knowledge.db import MIGRATIONS_DIR, Database, newest_revisions
from tests.conftest import REPO_ROOT

OPEN_AND_REPORT = """
import sys
from knowledge.db import Database
Database(sys.argv[1]).migrate()
print("alembic" in sys.modules)
"""


def alembic_imported_by_opening(url: str) -> bool:
    out = subprocess.run([sys.executable, "-c", OPEN_AND_REPORT, url], check=True,
                         capture_output=True, text=True, cwd=REPO_ROOT)
    return out.stdout.strip().splitlines()[-1] == "True"


def test_the_newest_revision_is_read_from_the_migration_files() -> None:
    files = sorted((REPO_ROOT / "knowledge" / "migrations" / "versions").glob("0*.py"))
    assert newest_revisions() == {files[-1].stem}


def test_a_database_at_the_newest_schema_is_opened_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lotse.db'}"
    fresh = Database(url)
    assert not fresh.at_newest_schema()
    assert alembic_imported_by_opening(url)  # a fresh file is migrated by Alembic

    assert Database(url).at_newest_schema()
    assert not alembic_imported_by_opening(url)


def test_an_older_database_is_still_migrated(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'lotse.db'}"
    database = Database(url)
    database.migrate()
    newest_tables = set(inspect(database.engine).get_table_names())
    # The database as the release before the newest migration left it.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "-1")
    assert not Database(url).at_newest_schema()

    assert alembic_imported_by_opening(url)
    reopened = Database(url)
    assert reopened.at_newest_schema()
    assert set(inspect(reopened.engine).get_table_names()) == newest_tables
