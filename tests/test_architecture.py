"""The import contracts in pyproject.toml ([tool.importlinter], explained in
docs/ARCHITECTURE.md): no import cycle inside a package, no face (Telegram, web, console, CLI)
importing a store's library (chromadb, sqlalchemy) itself, no face importing a store module
of knowledge/ or ingestion/ past the core's services, the layers (ingestion -> knowledge <- bot)
and no face imported by the core.

The contracts are checked on the real tree; then on copies of it with one forbidden import
added, to show they catch what they are meant to catch.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "knowledge", "ingestion")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on `tree`, in a process of its own: the graph is built from the packages
    Python finds first, and in this process `bot` is already imported from the real tree."""
    command = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"]
    return subprocess.run(command, cwd=tree, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(tree)})


def copy_of_tree(target: Path) -> Path:
    """The Python files of the three packages and the contracts, nothing else (no data)."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package,
                        ignore=shutil.ignore_patterns("__pycache__", "corpus", "demo", "golden",
                                                      "static", "templates", "data"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_the_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("module", "added_import", "broken"), [
    # A face reaching a store's library directly.
    ("bot/telegram/keyboards.py", "import chromadb", "do not import a store's library"),
    ("bot/web/routes/contact.py", "from sqlalchemy import select", "do not import a store's"),
    ("bot/cli.py", "import chromadb", "do not import a store's library"),
    # A face reaching a store past the core's services (bot/core/services): the SQL database,
    # the vector index, the ingestion pipeline, the organisation and programme stores.
    ("bot/web/routes/health.py", "from knowledge.db import get_database",
     "bot.web is not allowed to import knowledge.db"),
    ("bot/telegram/handlers.py", "from knowledge.vectorstore import open_collection",
     "bot.telegram is not allowed to import knowledge.vectorstore"),
    ("bot/console/documents.py", "from ingestion.pipeline import Ingestor",
     "bot.console is not allowed to import ingestion.pipeline"),
    ("bot/companies_cli.py", "from knowledge.companies.store import CompanyStore",
     "bot.companies_cli is not allowed to import knowledge.companies.store"),
    ("bot/programmes_cli.py", "from knowledge.programmes.index import ProgrammeIndex",
     "bot.programmes_cli is not allowed to import knowledge.programmes.index"),
    ("bot/terminal_chat.py", "from bot.conversations import ConversationStore",
     "bot.terminal_chat is not allowed to import bot.conversations"),
    # A cycle: the keyboards importing the handlers that show them.
    ("bot/telegram/keyboards.py", "from bot.telegram.handlers import LotseBot",
     "No cycles are allowed in bot.telegram"),
    # The cycle the Telegram package had: the webhook route and the entry points that serve it.
    ("bot/telegram/webhook.py", "from bot.telegram.entrypoints import create_webhook_app",
     "No cycles are allowed in bot.telegram"),
    # The cycle the model engine had: it took its contract from the orchestrator.
    ("bot/core/model/loop.py", "from bot.core.assistant import Assistant",
     "No cycles are allowed in bot"),
    # The cycle knowledge/ had: the query understanding and the organisations importing each
    # other (through the ISO code lists, now knowledge/codes.py beneath both).
    ("knowledge/understanding/lexicon.py", "from knowledge.companies.search import CompanySearch",
     "No cycles are allowed in knowledge"),
    # ... and inside the understanding: the word lists importing the vocabulary built on them.
    ("knowledge/understanding/lexicon.py",
     "from knowledge.understanding.analysis import static_vocabulary",
     "No cycles are allowed in knowledge.understanding"),
    # The layers: knowledge/ importing the bot or ingestion, ingestion importing the bot.
    ("knowledge/retrieval.py", "from bot.i18n import t", "knowledge imports neither"),
    ("knowledge/companies/search.py", "from ingestion.pipeline import Ingestor",
     "knowledge imports neither"),
    ("ingestion/pipeline.py", "from bot.core.contracts import AnswerResult",
     "knowledge imports neither"),
    # The core's settings reaching for a face's (they live with the face, bot/settings.py
    # composes them).
    ("knowledge/settings.py", "from bot.telegram.settings import TelegramSettings",
     "knowledge.settings -> bot.telegram.settings"),
    # A face taking the composed application settings instead of its own view: the composition
    # imports every face's settings, so that is a cycle.
    ("bot/telegram/handlers.py", "from bot.settings import AppSettings", "- .settings -> .web"),
    # The core reaching up into a face.
    ("bot/core/model/loop.py", "from bot.web.strings import web_text",
     "The core imports no face"),
])
def test_the_contracts_fail_on_a_forbidden_import(tmp_path: Path, module: str,
                                                   added_import: str, broken: str) -> None:
    tree = copy_of_tree(tmp_path / "tree")
    target = tree / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{added_import}\n",
                      encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout, result.stdout
