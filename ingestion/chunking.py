"""Chunking with overlap, cut at paragraph, line or sentence ends where possible. (Splitting
into sentences is knowledge/sentences.py.)"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " "]


def chunk_text(text: str, max_chars: int = 900, overlap_chars: int = 150) -> list[str]:
    """Chunks of at most `max_chars`, cut at paragraph, line or sentence ends where possible."""
    chunks = [c.strip() for c in _splitter(max_chars, overlap_chars).split_text(text)
              if c.strip()]
    if len(chunks) > 1:
        chunks = [c for c in chunks if len(c) >= 20] or chunks
    return chunks


@lru_cache(maxsize=4)
def _splitter(max_chars: int, overlap_chars: int) -> Any:
    # Imported on first chunking: it pulls in langchain_core (about a third of a second of
    # CPU), which a no-change re-ingest and the answer path (sentence splitting only) never
    # need (docs/PERFORMANCE.md, third session).
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        separators=_SEPARATORS, chunk_size=max_chars, chunk_overlap=overlap_chars,
        keep_separator="end", strip_whitespace=True,
    )
