"""The chat-model client (LangChain's ChatOpenAI), built once per process and configuration."""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from typing import Any

from bot.core.contracts import LLMUnavailable
from knowledge.settings import Settings

log = logging.getLogger("lotse.llm")


@lru_cache(maxsize=8)
def _chat_model(base_url: str | None, api_key: str, model: str, temperature: float,
                timeout: float) -> Any:
    from langchain_openai import ChatOpenAI

    # Retries are ours (bot/core/model/retries.py): the openai client would honour a
    # Retry-After of up to two minutes and retry a stream that already reached the user.
    return ChatOpenAI(model=model, base_url=base_url, api_key=api_key,
                      temperature=temperature, timeout=timeout, max_retries=0)


def chat_model(settings: Settings) -> Any:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    if not key and not settings.openai_base_url:
        key = os.environ.get("OPENAI_API_KEY", "")
    if not key and not settings.openai_base_url:
        raise LLMUnavailable("no model configured: set OPENAI_API_KEY or OPENAI_BASE_URL")
    # Local servers (Ollama, vLLM, llama.cpp) need no key, but the client insists on one.
    return _chat_model(settings.openai_base_url or None, key or "not-needed",
                       settings.llm_model, settings.llm_temperature, settings.llm_timeout)


def model_query_analyser(settings: Settings, offline: Any) -> Any:
    """The model reading questions (knowledge.understanding.model) with `offline` as its
    fallback; `offline` alone when no model is configured."""
    from knowledge.understanding.model import ModelQueryAnalyser

    try:
        chat_model(settings)  # raises when no model is configured
    except LLMUnavailable as exc:
        log.warning("LOTSE_QUERY_ANALYSER=model but %s; using the offline analyser", exc)
        return offline
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    # Its own client: temperature 0 (extraction, not writing) and the analysis timeout.
    model = _chat_model(settings.openai_base_url or None,
                        key or os.environ.get("OPENAI_API_KEY", "") or "not-needed",
                        settings.llm_model, 0.0, settings.query_analysis_timeout)
    return ModelQueryAnalyser(offline, model, timeout=settings.query_analysis_timeout,
                              breaker_failures=settings.llm_breaker_failures,
                              breaker_cooldown=settings.llm_breaker_cooldown)
