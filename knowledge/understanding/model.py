"""Query understanding by a language model: the same structure through one validated tool call.

With a model configured, the model reads the question and fills one tool call,
`record_query_structure` (`QueryStructure` below): what the asker wants (organisations,
institutions, buyers for what they offer, documents, funding, nothing Lotse knows), the places
it names with their role (searched in, or where the asker is), the trades searched for and the
asker's own, spoken languages and kinds of organisation. The arguments are validated by
pydantic and then resolved against the same data the offline analyser uses (the gazetteer for
places, the taxonomy and the records' own vocabulary for trades), so both produce a
`QueryAnalysis` the organisation search understands. On any failure (no reply within the
timeout, an HTTP error, no tool call, arguments that do not validate) the offline analysis is
returned instead and the reason logged; a question never fails because of the model.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.codes import language_codes
from knowledge.understanding.analysis import INTENTS, QueryAnalyser, QueryAnalysis, add_place
from knowledge.understanding.lexicon import tokenize
from knowledge.understanding.vocabulary import DataVocabulary, content_stems

log = logging.getLogger("lotse.understanding")

TOOL_NAME = "record_query_structure"
Intent = Literal["organisations", "institutions", "seekers", "documents", "funding", "other"]

INSTRUCTIONS = (
    "You read one message sent to the assistant of a business-support agency in the "
    "German-Polish-Czech border region. The assistant answers from the agency's documents "
    "(programmes, calls, FAQs, project reports) and from a database of companies, support "
    "institutions and research bodies. Do not answer the message: call "
    f"{TOOL_NAME} exactly once with what it asks for. Places: every town, region or country "
    "the message names, as written, with role 'origin' when it is where the asker or their "
    "company is and 'target' when it is where they search. Trades: the products, services "
    "or capabilities searched for, in the message's own words; offered_trades: what the "
    "asker's own company does, when they describe it.")


def _as_list(value: Any) -> Any:
    """Models send a single string or null where a list is asked for; both mean the same."""
    if value is None or value == "":
        return []
    return [value] if isinstance(value, str | dict) else value


class PlaceNamed(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=2, max_length=80, description="As written in the message.")
    role: Literal["target", "origin"] = Field(
        description="origin: where the asker is; target: where they search.")


class QueryStructure(BaseModel):
    """Record what the message asks for, before anything is searched."""

    model_config = ConfigDict(title=TOOL_NAME, extra="ignore")

    intent: Intent = Field(description=(
        "organisations: companies or research bodies that offer something; institutions: "
        "chambers, agencies, clusters that support firms; seekers: organisations that need "
        "what the asker offers (customers); documents: facts from programmes, projects, FAQs; "
        "funding: which funding fits; other: nothing a business-support agency knows."))
    also_documents: bool = Field(False, description="The message also asks for document facts.")
    also_organisations: bool = Field(False, description="The message also asks for partners.")
    places: list[PlaceNamed] = Field(default_factory=list)
    trades: list[str] = Field(default_factory=list, description="Searched for, as written.")
    offered_trades: list[str] = Field(default_factory=list,
                                      description="What the asker's company does.")
    spoken_languages: list[str] = Field(default_factory=list,
                                        description="ISO 639-1 codes the partner must speak.")
    kinds: list[Literal["company", "institution", "research"]] = Field(default_factory=list)

    @field_validator("places", "trades", "offered_trades", "spoken_languages", "kinds",
                     mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("spoken_languages")
    @classmethod
    def _languages(cls, values: list[str]) -> list[str]:
        codes = [v.strip().lower() for v in values if v.strip()]
        unknown = [c for c in codes if c not in language_codes()]
        if unknown:
            raise ValueError(f"not ISO 639-1 language codes: {unknown}")
        return codes


class ModelFailed(Exception):
    """The model gave no usable structure; the offline analysis is used instead."""


class ModelQueryAnalyser:
    """The model's reading of a question as a `QueryAnalysis`, the offline one on any failure.

    `chat_model` is a LangChain chat model with tool calling (ChatOpenAI in production);
    `timeout` bounds the whole call, whatever the client's own timeout and retries. After
    `breaker_failures` failures in a row the model is not asked for `breaker_cooldown` seconds,
    so a model that is down costs each question nothing instead of a timeout."""

    def __init__(self, offline: QueryAnalyser, chat_model: Any, timeout: float = 8.0,
                 breaker_failures: int = 5, breaker_cooldown: float = 30.0) -> None:
        self.offline = offline
        self.timeout = timeout
        self.breaker_failures = breaker_failures
        self.breaker_cooldown = breaker_cooldown
        self._failures_in_a_row = 0
        self._resume_at = 0.0
        self._runnable = chat_model.bind_tools([QueryStructure], tool_choice=TOOL_NAME)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4,
                                                           thread_name_prefix="analysis")
        self._lock = threading.Lock()
        self.failures = 0  # counted for the eval report and tests

    @property
    def tuning(self) -> Any:
        return self.offline.tuning

    def warm(self) -> None:
        self.offline.warm()

    def analyse(self, text: str, lang: str = "en",
                vector: np.ndarray | None = None) -> QueryAnalysis:
        if not (text or "").strip() or time.monotonic() < self._resume_at:
            return self.offline.analyse(text, lang, vector)
        try:
            structure = self.extract(text, lang)
        except ModelFailed as exc:
            with self._lock:
                self.failures += 1
                self._failures_in_a_row += 1
                if self._failures_in_a_row >= self.breaker_failures:
                    self._resume_at = time.monotonic() + self.breaker_cooldown
                    self._failures_in_a_row = 0
            log.warning("model query analysis failed, using the offline analyser: %s", exc)
            return self.offline.analyse(text, lang, vector)
        with self._lock:
            self._failures_in_a_row = 0
        return self.to_analysis(structure)

    def extract(self, text: str, lang: str) -> QueryStructure:
        """One tool call, validated; ModelFailed on anything else."""
        messages = [("system", INSTRUCTIONS), ("human", f"[language: {lang}]\n{text}")]
        future = self._pool.submit(self._runnable.invoke, messages)
        try:
            reply = future.result(timeout=self.timeout)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise ModelFailed(f"no reply within {self.timeout:g} s") from exc
        except Exception as exc:  # any client error (HTTP status, connection, parsing)
            raise ModelFailed(f"{type(exc).__name__}: {exc}") from exc
        calls = [c for c in getattr(reply, "tool_calls", None) or []
                 if c.get("name") == TOOL_NAME]
        if not calls:
            invalid = getattr(reply, "invalid_tool_calls", None) or []
            raise ModelFailed("no valid tool call" + (f" ({invalid[0].get('error')})"
                                                        if invalid else ""))
        try:
            return QueryStructure.model_validate(calls[0].get("args") or {})
        except ValidationError as exc:
            raise ModelFailed(f"invalid arguments: {exc.error_count()} errors") from exc

    def to_analysis(self, structure: QueryStructure) -> QueryAnalysis:
        """Resolve the model's words against the data, as the offline analyser does."""
        places, trades = self.offline.matchers()
        analysis = QueryAnalysis()
        for named in structure.places:
            # "in": a town only towns.tsv knows counts after a place preposition.
            for mention in places.find(tokenize(f"in {named.name}"), set()):
                if named.role == "origin":
                    add_place(mention, analysis.origin_countries, analysis.origin_regions,
                              analysis.origin_cities)
                else:
                    add_place(mention, analysis.countries, analysis.regions, analysis.cities,
                              analysis.areas, analysis.area_circles)
        analysis.spoken_languages = list(dict.fromkeys(structure.spoken_languages))
        vocabulary = self.offline.vocabulary()
        limit = self.offline.tuning.data_term_max_share
        for phrase in structure.trades:
            self._add_trade(phrase, trades, vocabulary, "offers", limit, analysis.capabilities,
                            analysis.trade_terms, analysis.sectors)
        for phrase in structure.offered_trades:
            self._add_trade(phrase, trades, vocabulary, "seeks", limit,
                            analysis.offered_capabilities, analysis.offered_terms, [])
        analysis.kinds = list(dict.fromkeys(structure.kinds))
        analysis.intent = {name: 0.0 for name in INTENTS} | {structure.intent: 1.0}
        intent = structure.intent
        analysis.wants_seekers = intent == "seekers"
        analysis.wants_organisations = (intent in ("organisations", "seekers")
                                        or structure.also_organisations)
        analysis.wants_institutions = intent == "institutions"
        analysis.wants_documents = (intent in ("documents", "funding")
                                    or structure.also_documents)
        return analysis

    @staticmethod
    def _add_trade(phrase: str, trades: Any, vocabulary: DataVocabulary | None,
                   field_name: str, limit: float, capabilities: list[str], terms: list[str],
                   sectors: list[str]) -> None:
        tokens = tokenize(phrase)
        for trade in trades.named(tokens):
            if trade.is_capability and trade.name not in capabilities:
                capabilities.append(trade.name)
            if trade.sector not in sectors:
                sectors.append(trade.sector)
        if vocabulary is not None:
            stems = content_stems(tokens, range(len(tokens)))
            terms.extend(s for s in vocabulary.named(stems, field_name, limit) if s not in terms)
