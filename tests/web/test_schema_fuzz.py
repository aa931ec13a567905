"""A bounded schemathesis run over the app's own OpenAPI schema (issue 11, part of `make test`).

Requests generated from the schema go through the whole ASGI app on a real data dir (ingested
mini corpus, SQLite); every response must be no 5xx and must match what the schema declares
(status code, content type, body). The number of examples per operation is small so the run
stays around a minute on two cores; a failure prints the reproducing request.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from bot.core.assistant import Assistant
from bot.web.app import create_app
from knowledge.db import forget_database
from tests.conftest import make_settings

# Per operation and mode (valid requests, then invalid ones); chat examples embed and retrieve
# (about 0.1-0.5 s each on two cores).
EXAMPLES = 12
FUZZED_PATHS = r"^/(api/|healthz$|readyz$|metrics$|widget\.js$)"


@pytest.fixture(scope="module")
def fuzz_app(mini_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[FastAPI]:
    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(mini_data_dir, data_dir)
    app_settings = make_settings(data_dir)
    app = create_app(app_settings, Assistant(app_settings))
    with TestClient(app) as client:  # start-up (warm indexes) before the first timed call
        assert client.post("/api/chat", json={"question": "InnoCoopPolSax?"}).status_code == 200
        yield app
    forget_database(app_settings)


def test_generated_requests_get_no_5xx_and_answers_as_declared(fuzz_app: FastAPI) -> None:
    # Operations are driven one by one with Hypothesis here: schemathesis's pytest fixture
    # loader does not work with this pytest version.
    api = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app).include(
        path_regex=FUZZED_PATHS)
    operations = [result.ok() for result in api.get_all_operations()]
    assert {op.label for op in operations} >= {"POST /api/chat", "POST /api/contact"}
    failures: dict[str, str] = {}
    runs = [(operation, mode) for operation in operations
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    for operation, mode in runs:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                           content_type_conformance,
                                           response_schema_conformance], timeout=60)

        try:
            call()
        except Unsatisfiable:
            # No parameters and no body (GET /healthz): there is no invalid request to make.
            assert mode is GenerationMode.NEGATIVE, operation.label
        except Exception as exc:  # every operation runs; all failures are reported together
            causes = getattr(exc, "exceptions", None) or [exc]
            failures[f"{operation.label} ({mode.value})"] = "\n".join(f"{type(c).__name__}: {c}"
                                                  for c in causes)[:4000]
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
