"""Console fixtures: a writable copy of the mini corpus, the real web app with an admin token,
and clients that are logged in or not."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.core.assistant import Assistant
from bot.settings import AppSettings
from bot.web.app import create_app
from knowledge.db import forget_database
from tests.conftest import make_settings

TOKEN = "console-test-token-8d3f"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def console_data_dir(mini_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The console writes (uploads, imports, request status, evaluation runs): a copy."""
    target = tmp_path_factory.mktemp("console") / "data"
    shutil.copytree(mini_data_dir, target)
    return target


@pytest.fixture(scope="session")
def console_settings(console_data_dir: Path) -> Iterator[AppSettings]:
    s = make_settings(console_data_dir, LOTSE_ADMIN_TOKEN=TOKEN)
    yield s
    forget_database(s)


@pytest.fixture(scope="session")
def console_assistant(console_settings: AppSettings) -> Assistant:
    return Assistant(console_settings)


@pytest.fixture(scope="session")
def console_app(console_settings: AppSettings, console_assistant: Assistant) -> FastAPI:
    return create_app(console_settings, console_assistant)


@pytest.fixture
def anonymous(console_app: FastAPI) -> TestClient:
    return TestClient(console_app)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(client: TestClient, token: str = TOKEN) -> Any:
    page = client.get("/admin/login")
    return client.post("/admin/login", data={"token": token, "csrf_token": csrf_of(page.text)},
                       follow_redirects=False)


@pytest.fixture
def staff(console_app: FastAPI) -> TestClient:
    client = TestClient(console_app)
    assert log_in(client).status_code == 303
    return client


def admin_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every console route, whether FastAPI flattens included routers or
    keeps them as nested entries (0.16x)."""
    found: list[tuple[str, str]] = []

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            nested = getattr(route, "original_router", None)
            if nested is not None:
                walk(nested.routes, prefix + route.include_context.prefix)
                continue
            path = prefix + getattr(route, "path", "")
            if path.startswith("/admin"):
                for method in sorted(getattr(route, "methods", set()) - {"HEAD"}):
                    found.append((method, path))

    walk(app.routes, "")
    return found


def concrete(path: str) -> str:
    """A route template with plausible values in its parameters."""
    return (path.replace("{name}", "console.css").replace("{job_id}", "nojob")
            .replace("{session_id}", "s_unknown").replace("{request_id}", "1")
            .replace("{doc_id}", "doc-unknown").replace("{org_id}", "org-unknown"))
