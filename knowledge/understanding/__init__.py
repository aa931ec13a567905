"""Query understanding from data: places with their role, spoken languages, trades, intent.

`QueryAnalyser` (one per process and data dir, built by `CompanySearch`) is the way in;
`analyse_query` analyses with the process's default embedder and the static gazetteer, for
callers without a database.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from knowledge.understanding.analysis import QueryAnalyser, QueryAnalysis, shared_inflection_index
from knowledge.understanding.gazetteer import Place, PlaceMatcher, static_gazetteer
from knowledge.understanding.lexicon import tokenize
from knowledge.understanding.trades import TradeMatcher, taxonomy

__all__ = ["QueryAnalyser", "QueryAnalysis", "analyse_query", "capabilities", "places_named"]


def _cache_dir() -> Path:
    from knowledge.settings import get_settings

    return get_settings().data_dir / "understanding"


@lru_cache(maxsize=1)
def default_analyser() -> QueryAnalyser:
    from knowledge.embeddings import get_embedder
    from knowledge.settings import get_settings

    settings = get_settings()
    return QueryAnalyser(get_embedder(settings), cache_dir=settings.data_dir / "understanding")


def analyse_query(text: str, lang: str = "en") -> QueryAnalysis:
    return default_analyser().analyse(text, lang)


@lru_cache(maxsize=1)
def _trade_matcher() -> TradeMatcher:
    return TradeMatcher(taxonomy(), shared_inflection_index(_cache_dir()))


@lru_cache(maxsize=4096)
def capabilities(text: str) -> frozenset[str]:
    """The capabilities a text (an organisation's offer, a question) names by its words."""
    return _trade_matcher().capabilities_in(text or "")


@lru_cache(maxsize=1)
def _place_matcher() -> PlaceMatcher:
    return static_gazetteer().matcher(shared_inflection_index(_cache_dir()))


def places_named(text: str, areas: bool = False) -> list[Place]:
    """Every place a text names, whatever its role (no embedding, no database); cities,
    regions and countries only unless `areas` (landscapes and unstored towns, which have
    coordinates but no stored name or code)."""
    return [m.place for m in _place_matcher().find(tokenize(text or ""), set())
            if areas or m.place.kind != "area"]
