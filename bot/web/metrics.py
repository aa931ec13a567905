"""Prometheus metrics of one app instance (own registry, so several apps in one process —
tests, the console — never collide on the global one)."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.core.schemas import Answer

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class WebMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "lotse_http_requests_total", "HTTP requests by route template and status.",
            ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram(
            "lotse_http_request_duration_seconds", "HTTP request latency by route template.",
            ["method", "route"], buckets=_LATENCY_BUCKETS, registry=self.registry)
        self.answers = Counter(
            "lotse_answers_total", "Answers given, by channel, mode and whether answered.",
            ["channel", "mode", "answered"], registry=self.registry)
        self.answer_latency = Histogram(
            "lotse_answer_duration_seconds", "Time the assistant needed for one answer.",
            ["channel", "mode"], buckets=_LATENCY_BUCKETS, registry=self.registry)
        self.answer_errors = Counter(
            "lotse_answer_errors_total", "Answers that failed with an error.", ["channel"],
            registry=self.registry)
        self.feedback = Counter(
            "lotse_feedback_total", "Feedback on answers by rating.", ["rating"],
            registry=self.registry)
        self.contacts = Counter(
            "lotse_contact_requests_total", "Advisor requests received.", ["channel"],
            registry=self.registry)

    def record_answer(self, answer: Answer, seconds: float, channel: str = "web") -> None:
        self.answers.labels(channel, answer.mode, str(answer.answered).lower()).inc()
        self.answer_latency.labels(channel, answer.mode).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Pure ASGI middleware: counts and times each HTTP request by its route template
    (never the raw path, which would let visitors create unbounded label values)."""

    def __init__(self, app: ASGIApp, metrics: WebMetrics) -> None:
        self.app = app
        self.metrics = metrics
        self._full_templates: dict[int, str] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            route = self._route_template(scope)
            method = scope.get("method", "GET")
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(time.perf_counter() - started)


    def _route_template(self, scope: Scope) -> str:
        route: Any = scope.get("route")
        path = getattr(route, "path", None)
        if not path:
            return "unmatched"
        # FastAPI >= 0.165 keeps included routers as they are: the matched route knows only
        # its path inside its router ("/login"), not the prefix it was included under
        # ("/admin"). The app's route contexts know the full template.
        full = self._full_templates.get(id(route))
        if full is None and scope.get("app") is not None:
            self._full_templates = _full_templates(scope["app"])
            # Remembered either way, so an unknown route does not rebuild the map every time.
            full = self._full_templates.setdefault(id(route), str(path))
        return full or str(path)


def _full_templates(app: Any) -> dict[int, str]:
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI copies included routes with their full path
        return {}
    templates: dict[int, str] = {}
    for context in iter_route_contexts(getattr(app, "routes", [])):
        if context.path:
            templates.setdefault(id(context.original_route), str(context.path))
    return templates
