"""The core's services: everything a face (CLI, web API, staff console, Telegram) may ask of the
stores. Faces hold a `Services` and never a database, a vector collection or an embedder;
the import contract `faces-reach-no-store` in pyproject.toml keeps it so (docs/ARCHITECTURE.md).

One `Services` per process. The assistant builds one over its own stores
(`assistant.services`); commands that need no assistant (`lotse status`, `lotse ingest`)
build one from the settings, and the stores open when a service first needs them. Each
service's module is imported when it is first used: `lotse status` should not pay for the
ingestion pipeline or the organisation search.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from knowledge.settings import Settings

if TYPE_CHECKING:
    from bot.conversations import ConversationStore
    from bot.core.services.channel_state import ChannelStateStore
    from bot.core.services.contact import ContactService
    from bot.core.services.conversations import ConversationService
    from bot.core.services.knowledge_admin import KnowledgeAdmin
    from bot.core.services.organisations import OrganisationService
    from bot.core.services.programmes import ProgrammeService
    from bot.core.services.rate_limits import RateLimiter
    from bot.core.services.reports import StaffReports
    from bot.core.services.staff_logins import LoginThrottle, StaffSessions
    from knowledge.db import Database
    from knowledge.embeddings import Embedder

__all__ = ["Services"]


class Services:
    """The services of one installation, each built on first use."""

    def __init__(self, settings: Settings, *, db: Database | None = None,
                 embedder: Embedder | None = None, retriever: Any = None,
                 organisation_search: Any = None,
                 conversation_store: ConversationStore | None = None,
                 answer_mode: Callable[[], str] = lambda: "extractive") -> None:
        self.settings = settings
        self._answer_mode = answer_mode
        self._db = db
        self._embedder = embedder
        self._retriever = retriever
        self._organisation_search = organisation_search
        self._conversation_store = conversation_store

    @property
    def answer_mode(self) -> str:
        """"llm" when answers come from a language model (and stream), else "extractive"."""
        return self._answer_mode()

    @cached_property
    def db(self) -> Database:
        from knowledge.db import get_database

        return self._db or get_database(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        from knowledge.embeddings import get_embedder

        return self._embedder or get_embedder(self.settings)

    @cached_property
    def conversations(self) -> ConversationService:
        from bot.conversations import ConversationStore
        from bot.core.services.conversations import ConversationService

        return ConversationService(self._conversation_store or ConversationStore(self.db))

    @cached_property
    def contacts(self) -> ContactService:
        from bot.core.services.contact import ContactService

        return ContactService(self.conversations.store)

    @cached_property
    def reports(self) -> StaffReports:
        from bot.core.services.reports import StaffReports

        return StaffReports(self.db, self.embedder)

    @cached_property
    def knowledge(self) -> KnowledgeAdmin:
        from bot.core.services.knowledge_admin import KnowledgeAdmin

        # Without an assistant the stores open the process's embedder when they first need
        # it: `lotse status` counts rows without loading a model.
        return KnowledgeAdmin(self.settings, self._embedder, self.db, self._retriever)

    @cached_property
    def organisations(self) -> OrganisationService:
        from bot.core.services.organisations import OrganisationService

        return OrganisationService(self.settings, self._embedder, self.db,
                                   self._organisation_search)

    @cached_property
    def programmes(self) -> ProgrammeService:
        from bot.core.services.programmes import ProgrammeService

        return ProgrammeService(self.settings, self._embedder, self.db)

    @cached_property
    def channel_state(self) -> ChannelStateStore:
        from bot.core.services.channel_state import ChannelStateStore

        return ChannelStateStore(self.db)

    def rate_limiter(self, clock: Callable[[], float] = time.time) -> RateLimiter:
        from bot.core.services.rate_limits import RateLimiter

        return RateLimiter(self.db, clock=clock)

    def staff_sessions(self, lifetime: timedelta,
                       clock: Callable[[], datetime] | None = None) -> StaffSessions:
        from bot.core.services.staff_logins import StaffSessions

        if clock is not None:
            return StaffSessions(self.db, lifetime, clock=clock)
        return StaffSessions(self.db, lifetime)

    def login_throttle(self, lock_after: int, lock_minutes: int,
                       clock: Callable[[], datetime] | None = None) -> LoginThrottle:
        from bot.core.services.staff_logins import LoginThrottle

        if clock is not None:
            return LoginThrottle(self.db, lock_after, lock_minutes, clock=clock)
        return LoginThrottle(self.db, lock_after, lock_minutes)

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        """Whether both stores answer and the document index has something to search."""
        checks: dict[str, Any] = {}
        try:
            # A write probe: under another writer's lock (or with an unwritable WAL) reads
            # still work, but every chat, rating and contact request would fail.
            self.db.check_writable()
            self.conversations.session_exists("readiness-probe")
            checks["database"] = "ok"
        except Exception as exc:  # any driver error means the same to a load balancer
            checks["database"] = f"unreachable ({type(exc).__name__})"
        try:
            index = self._retriever.index
            passages = index.count()
            checks["index"] = ("ok" if passages
                               else "empty: run `lotse ingest` or `lotse bootstrap`")
            checks["passages"] = passages
            if passages:
                index.probe()
            if self._retriever.store_error:
                # Counting works, reading the whole index for the lexical search did not.
                checks["index"] = f"failing ({self._retriever.store_error[:200]})"
        except Exception as exc:
            checks["index"] = f"unreachable ({type(exc).__name__})"
        ready = checks["database"] == "ok" and checks["index"] == "ok"
        return ready, checks
