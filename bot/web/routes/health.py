"""GET /healthz (the process answers), /readyz (it can answer questions), /metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from bot.assistant import Assistant
from bot.web.deps import AssistantDep, MetricsDep
from bot.web.faults import RETRY_AFTER_SECONDS

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Stores unavailable or index empty."}})
def readyz(assistant: AssistantDep) -> JSONResponse:
    ready, checks = readiness(assistant)
    return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks},
                        status_code=200 if ready else 503,
                        headers=None if ready else {"Retry-After": str(RETRY_AFTER_SECONDS)})


@router.get("/metrics", response_class=Response)
def metrics_endpoint(metrics: MetricsDep) -> Response:
    return Response(metrics.render(), media_type=metrics.content_type)


def readiness(assistant: Assistant) -> tuple[bool, dict[str, Any]]:
    """Whether both stores answer and the document index has something to search."""
    checks: dict[str, Any] = {}
    try:
        # A write probe: under another writer's lock (or with an unwritable WAL) reads still
        # work, but every chat, rating and contact request would fail.
        assistant.db.check_writable()
        assistant.conversations.session_exists("readiness-probe")
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means the same to a load balancer
        checks["database"] = f"unreachable ({type(exc).__name__})"
    try:
        index = assistant.retriever.index
        passages = index.count()
        checks["index"] = "ok" if passages else "empty: run `lotse ingest` or `lotse bootstrap`"
        checks["passages"] = passages
        if passages:
            index.probe()
        if assistant.retriever.store_error:
            # Counting works, reading the whole index for the lexical search did not.
            checks["index"] = f"failing ({assistant.retriever.store_error[:200]})"
    except Exception as exc:
        checks["index"] = f"unreachable ({type(exc).__name__})"
    ready = checks["database"] == "ok" and checks["index"] == "ok"
    return ready, checks
