"""Counting a model's tokens without the network: the history budget is measured in them."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from typing import Any

log = logging.getLogger("lotse.llm")

_TIKTOKEN_FILES = {"cl100k_base", "o200k_base", "p50k_base", "r50k_base"}


def load_cached_encoding(model: str) -> Any:
    """tiktoken's encoding for `model`, only if its file is already on disk.

    tiktoken downloads encoding files on first use; deployments have no network, so a missing
    file means "estimate" rather than a download that fails or hangs.
    """
    import tiktoken  # a declared dependency: a broken install fails here, loudly
    from tiktoken.model import encoding_name_for_model

    try:
        name = encoding_name_for_model(model)
    except KeyError:  # not an OpenAI model (llama3.1, mistral...): any BPE is a fair estimate
        name = "o200k_base"
    if name not in _TIKTOKEN_FILES:
        return None
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        cache_dir = os.environ["TIKTOKEN_CACHE_DIR"]
    elif "DATA_GYM_CACHE_DIR" in os.environ:
        cache_dir = os.environ["DATA_GYM_CACHE_DIR"]
    else:
        cache_dir = os.path.join(tempfile.gettempdir(), "data-gym-cache")
    url = f"https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
    if not cache_dir or not os.path.exists(
            os.path.join(cache_dir, hashlib.sha1(url.encode()).hexdigest())):
        return None
    try:
        return tiktoken.get_encoding(name)
    except Exception as exc:  # a corrupt cache file would trigger a download: estimate instead
        log.info("tiktoken encoding %s unusable (%s); estimating tokens", name, type(exc).__name__)
        return None


@lru_cache(maxsize=16)
def token_counter(model: str) -> Callable[[str], int]:
    encoding = load_cached_encoding(model)
    if encoding is None:
        return estimate_tokens
    return lambda text: len(encoding.encode(text, disallowed_special=()))


def estimate_tokens(text: str) -> int:
    """About four characters per token for European languages."""
    return (len(text) + 3) // 4
