"""Builds the `FundingGuide` of an assistant from its stores: the programme catalogue (read
whole, cached until the catalogue's signature changes), the programme index for the semantic
part of the ranking, organisation names for the contact institution, and the model's profile
reading when a model is configured."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from bot.funding.guide import FundingGuide
from knowledge.programmes.records import ProgrammeRecord
from knowledge.settings import Settings

log = logging.getLogger("lotse.funding")


class CatalogueCache:
    """The catalogue in memory, re-read when the store's signature changes (an import)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._signature: Any = object()
        self._records: list[ProgrammeRecord] = []

    def __call__(self) -> list[ProgrammeRecord]:
        signature = self.store.signature() if hasattr(self.store, "signature") else None
        with self._lock:
            if signature is None or signature != self._signature:
                self._records = self.store.all()
                self._signature = signature
            return list(self._records)


def build_guide(settings: Settings, db: Any, embedder: Any, companies: Any, *,
                chat_model: Callable[[Settings], Any] | None = None) -> FundingGuide:
    """`chat_model` (bot.core.model.chat_model) lets a configured model read the asker's
    description; without it the guide asks its questions one by one."""
    from knowledge.programmes.store import ProgrammeStore

    store = ProgrammeStore(db)
    return FundingGuide(db, CatalogueCache(store),
                        semantic=_semantic_search(settings, store, embedder),
                        organisation_name=_organisation_names(companies),
                        profile_from_text=_model_reader(settings, chat_model))


def _semantic_search(settings: Settings, store: Any, embedder: Any) -> Any:
    # The programme index is part of the product: a broken install fails here, loudly.
    from knowledge.programmes.index import ProgrammeIndex

    index: Any = None

    def search(text: str, k: int) -> dict[str, float]:
        nonlocal index
        if index is None:
            index = ProgrammeIndex(settings, embedder, store=store)
        return {record.id: score for record, score in index.search(text, k)}

    return search


def _organisation_names(companies: Any) -> Any:
    if companies is None:
        return None

    def name(org_id: str) -> str | None:
        data = companies.store.get(org_id)
        return data.name if data is not None else None

    return name


def _model_reader(settings: Settings, chat_model: Callable[[Settings], Any] | None) -> Any:
    if not settings.use_llm or chat_model is None:
        return None
    from bot.funding.model_profile import ModelProfileReader

    return ModelProfileReader(settings, chat_model)
