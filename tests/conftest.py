"""Shared fixtures: real stores in a temporary data directory, one embedder per test run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import AppSettings
from knowledge.db import forget_database
from knowledge.embeddings import Embedder, get_embedder
from knowledge.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
CORPUS_DIR = REPO_ROOT / "knowledge" / "corpus"
DEMO_FILE = REPO_ROOT / "knowledge" / "demo" / "organisations.jsonl"

# Tests never talk to a configured LLM or a real Telegram by accident.
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "TELEGRAM_BOT_TOKEN", "DATABASE_URL",
             "CHROMA_URL", "LOTSE_ANSWER_MODE", "LOTSE_EMBEDDINGS", "LOTSE_ADMIN_TOKEN"):
    os.environ.pop(_var, None)
# Processes the tests start (lotse serve, lotse ask) read questions offline too, see make_settings.
os.environ["LOTSE_QUERY_ANALYSER"] = "offline"


UNLIMITED_RATES = (
    "LOTSE_RATE_CHAT_SESSION_PER_MINUTE", "LOTSE_RATE_CHAT_IP_PER_MINUTE",
    "LOTSE_RATE_CONTACT_SESSION_PER_HOUR", "LOTSE_RATE_CONTACT_IP_PER_HOUR",
    "LOTSE_RATE_FEEDBACK_SESSION_PER_MINUTE", "LOTSE_RATE_FEEDBACK_IP_PER_MINUTE",
    "LOTSE_CONSOLE_LOCK_AFTER",
)


def make_settings(data_dir: Path, **overrides: object) -> AppSettings:
    """Settings for one test: its own data directory, never the developer's `.env`. The
    application's settings (the core's and every face's), as `lotse serve` builds them, so
    one object serves the assistant and the faces alike."""
    values: dict[str, object] = {"LOTSE_DATA_DIR": data_dir}
    # Suites share one client address and send far more requests per minute than a visitor
    # may; the rate-limit tests set their own low limits.
    values.update({name: 100_000 for name in UNLIMITED_RATES})
    # With a model configured, "auto" reads each question through one extra model call first.
    # Tests that script the fake model's replies script the answer call only; the model's
    # reading of a question has its own tests (tests/knowledge/understanding/).
    values["LOTSE_QUERY_ANALYSER"] = "offline"
    values.update(overrides)
    return AppSettings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return get_embedder(Settings(_env_file=None))  # type: ignore[call-arg]


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[AppSettings]:
    s = make_settings(tmp_path / "data")
    yield s
    forget_database(s)


def require_seeds() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the shared seed pages are not beside this checkout ({SEEDS_DIR}); "
                    "a user's clone has no ../shared")
    return SEEDS_DIR


MINI_CORPUS = REPO_ROOT / "tests" / "data" / "mini_corpus"

# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser). The
# flags keep it from reaching out to Google's services, which this network refuses.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]


@pytest.fixture(scope="session")
def mini_data_dir(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A data directory with the small test corpus ingested once for the whole run.

    Tests that only read may share it; tests that write use their own `settings`.
    """
    from ingestion.pipeline import Ingestor

    data_dir = tmp_path_factory.mktemp("mini") / "data"
    s = make_settings(data_dir)
    report = Ingestor(s, embedder).ingest([MINI_CORPUS])
    assert not report.failed, report.failed
    prepare_understanding(s)
    return data_dir


def prepare_understanding(settings: Settings) -> None:
    """What `lotse bootstrap` does last: the example-question vectors cached in the data dir,
    so `lotse` processes that tests start on it do not each embed them again."""
    from knowledge.companies.search import CompanySearch

    CompanySearch(settings).analyser.warm()


@pytest.fixture
def mini_settings(mini_data_dir: Path) -> Settings:
    return make_settings(mini_data_dir)


def build_data_dir(data_dir: Path, corpus: Path, embedder: Embedder) -> Path:
    """A data dir with `corpus` ingested and the bundled demo organisations imported."""
    from ingestion.pipeline import Ingestor
    from knowledge.companies.importer import import_file

    s = make_settings(data_dir)
    report = Ingestor(s, embedder).ingest([corpus])
    assert not report.failed, report.failed
    import_file(s, DEMO_FILE)
    prepare_understanding(s)
    return data_dir


@pytest.fixture(scope="session")
def company_data_dir(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """The mini corpus plus the bundled demo organisations, on SQLite, built once; read-only."""
    return build_data_dir(tmp_path_factory.mktemp("companies") / "data", MINI_CORPUS, embedder)


@pytest.fixture(scope="session")
def bundled_data_dir(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """What `lotse bootstrap` builds: the bundled corpus and the demo organisations, made
    once per run; read-only for the tests that share it."""
    return build_data_dir(tmp_path_factory.mktemp("bundled") / "data", CORPUS_DIR, embedder)
