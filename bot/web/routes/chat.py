"""POST /api/chat (one JSON answer) and POST /api/chat/stream (the same answer as SSE)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from bot.core.assistant import Assistant
from bot.core.schemas import Answer
from bot.i18n import normalise_language, t
from bot.web.deps import AssistantDep, MetricsDep, SettingsDep
from bot.web.limits import ChatPool
from bot.web.metrics import WebMetrics
from bot.web.ratelimit import chat_rate_limit
from bot.web.schemas import ChatRequest, error_responses
from knowledge.settings import Settings

router = APIRouter(prefix="/api", tags=["chat"], dependencies=[chat_rate_limit])
log = logging.getLogger("lotse.web.chat")

_END = object()


def _chat_pool(request: Request) -> ChatPool:
    return request.app.state.chat_pool


@router.post("/chat", response_model=Answer,
             responses=error_responses(400, 413, 422, 429, 500, 503))
async def chat(body: ChatRequest, request: Request, assistant: AssistantDep,
               metrics: MetricsDep, settings: SettingsDep) -> Answer:
    """One answer as the contract's answer object. The CPU-bound assistant runs on the chat
    pool: never on the event loop, never in the threads that serve health checks, advisor
    requests and static files; 503 when the pool and its queue are full."""
    return await _chat_pool(request).run(_answer, assistant, metrics, settings, body)


def _answer(assistant: Assistant, metrics: WebMetrics, settings: Settings,
            body: ChatRequest) -> Answer:
    started = time.perf_counter()
    try:
        result = assistant.ask(body.question, session_id=body.session_id,
                               language=body.language, channel="web")
    except Exception:
        metrics.answer_errors.labels("web").inc()
        raise
    seconds = time.perf_counter() - started
    metrics.record_answer(result.answer, seconds)
    _log_answer(settings, body, result.answer, seconds)
    return result.answer


@router.post("/chat/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "Server-sent events: meta, token…, sources, "
                                             "companies, done (the answer object) or error."},
                        **error_responses(400, 413, 422, 429, 503)})
async def chat_stream(body: ChatRequest, request: Request, assistant: AssistantDep,
                      metrics: MetricsDep, settings: SettingsDep) -> StreamingResponse:
    """The answer as it is produced. The assistant runs in a worker thread and hands every
    token to the event loop through a queue, so slow clients never hold the assistant up."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()

    def emit(item: Any) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the server shut down mid-answer; nobody is listening any more
            pass

    # The chat pool bounds how many answers are computed at once (ChatBusy -> 503).
    _chat_pool(request).submit(_answer_into, assistant, metrics, settings, body, emit)

    async def events() -> AsyncIterator[str]:
        while True:
            item = await queue.get()
            if item is _END:
                return
            event, data = item
            yield f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={
        "Cache-Control": "no-cache",
        # Reverse proxies (nginx) would otherwise buffer the whole answer.
        "X-Accel-Buffering": "no",
    })


def _answer_into(assistant: Assistant, metrics: WebMetrics, settings: Settings,
                 body: ChatRequest, emit: Any) -> None:
    lang = normalise_language(body.language)
    started = time.perf_counter()
    try:
        # Session and language are settled first so `meta` can go out before any token;
        # `ask` reaches the same language for the same question and session.
        conversations = assistant.services.conversations
        known_language = conversations.language(body.session_id)
        lang = assistant.pick_language(body.question, body.language, known_language)
        session_id = conversations.open(body.session_id, "web", lang)
        emit(("meta", {"session_id": session_id, "language": lang}))
        result = assistant.ask(
            body.question, session_id=session_id, language=body.language, channel="web",
            on_token=lambda token: emit(("token", {"text": token})))
        answer = result.answer
        seconds = time.perf_counter() - started
        metrics.record_answer(answer, seconds)
        _log_answer(settings, body, answer, seconds)
        emit(("sources", [s.model_dump() for s in answer.sources]))
        emit(("companies", [c.model_dump() for c in answer.companies]))
        emit(("done", answer.model_dump()))
    except Exception:
        metrics.answer_errors.labels("web").inc()
        log.exception("streamed answer failed")
        emit(("error", {"message": t("error", lang), "language": normalise_language(lang)}))
    finally:
        emit(_END)


def _log_answer(settings: Settings, body: ChatRequest, answer: Answer, seconds: float) -> None:
    extra = f" question={body.question!r}" if settings.log_message_text else ""
    log.info("answer session=%s lang=%s mode=%s answered=%s sources=%d ms=%.0f%s",
             answer.session_id, answer.language, answer.mode, answer.answered,
             len(answer.sources), seconds * 1000, extra)
