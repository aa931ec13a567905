"""GET /healthz (the process answers), /readyz (it can answer questions), /metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from bot.web.deps import AssistantDep, MetricsDep
from bot.web.faults import RETRY_AFTER_SECONDS

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Stores unavailable or index empty."}})
def readyz(assistant: AssistantDep) -> JSONResponse:
    ready, checks = assistant.services.readiness()
    return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks},
                        status_code=200 if ready else 503,
                        headers=None if ready else {"Retry-After": str(RETRY_AFTER_SECONDS)})


@router.get("/metrics", response_class=Response)
def metrics_endpoint(metrics: MetricsDep) -> Response:
    return Response(metrics.render(), media_type=metrics.content_type)
