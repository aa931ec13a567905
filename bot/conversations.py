"""Conversations, feedback and advisor requests in the SQL store.

Sessions are opaque random ids issued by the server. Erasure is real deletion (rows cascade),
not a flag, because users are promised their data is gone: erasing a conversation erases the
advisor requests sent from it, and the SQLite WAL is checkpointed afterwards so the erased
text does not linger in the log file (deleted pages are zeroed: `secure_delete`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from knowledge.db import (
    ChatSession,
    ContactRequest,
    Database,
    FeedbackRecord,
    MessageRecord,
    utcnow,
)


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(16)}"


def short_hash(identifier: str) -> str:
    """What logs show instead of a session id: enough to follow one conversation through
    the log, useless as the credential that erases it."""
    return "#" + hashlib.sha256(identifier.encode()).hexdigest()[:10]


@dataclass
class PurgeReport:
    conversations: int
    contact_requests: int


@dataclass(frozen=True)
class ContactReceipt:
    """What storing an advisor request under a client key came to."""

    id: int
    language: str  # the stored request's, so a replay answers in the first request's language
    replayed: bool  # the key was used before: nothing new stored, `id` is the earlier request
    same_request: bool  # whether that earlier request said the same (name, e-mail, text)


@dataclass
class Turn:
    role: str
    text: str
    language: str | None
    message_id: str


class ConversationStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure_session(self, session_id: str | None, channel: str, language: str | None = None,
                       user_ref: str | None = None) -> str:
        """The given session if it exists, otherwise a fresh one (unknown ids are not reused,
        so nobody can plant a session id for someone else)."""
        with self.db.session() as s:
            if session_id:
                existing = s.get(ChatSession, session_id)
                if existing is not None:
                    existing.updated_at = utcnow()
                    if language:
                        existing.language = language
                    return existing.id
            sid = new_id("s")
            s.add(ChatSession(id=sid, channel=channel, language=language, user_ref=user_ref))
            return sid

    def session_exists(self, session_id: str) -> bool:
        with self.db.session() as s:
            return s.get(ChatSession, session_id) is not None

    def session_language(self, session_id: str) -> str | None:
        with self.db.session() as s:
            rec = s.get(ChatSession, session_id)
            return rec.language if rec else None

    def add_turn(self, session_id: str, question: str, question_language: str | None,
                 answer: str, *, message_id: str, **answer_fields: object) -> None:
        """The user's message and the answer in one transaction (one commit per turn, and
        never a question stored without its answer)."""
        asked_at = utcnow()
        with self.db.session() as s:
            s.add(MessageRecord(id=new_id("m"), session_id=session_id, role="user",
                                text=question, language=question_language,
                                sources=[], companies=[], created_at=asked_at))
            # A later timestamp than the question's, so history() orders them right.
            s.add(MessageRecord(id=message_id, session_id=session_id, role="assistant",
                                text=answer, created_at=asked_at + timedelta(microseconds=1),
                                **answer_fields))

    def history(self, session_id: str, limit: int = 10) -> list[Turn]:
        with self.db.session() as s:
            rows = s.scalars(
                select(MessageRecord).where(MessageRecord.session_id == session_id)
                .order_by(MessageRecord.created_at.desc()).limit(limit)
            ).all()
        return [Turn(r.role, r.text, r.language, r.id) for r in reversed(rows)]

    def message_session(self, message_id: str) -> str | None:
        with self.db.session() as s:
            rec = s.get(MessageRecord, message_id)
            return rec.session_id if rec else None

    def add_feedback(self, message_id: str, rating: str, comment: str | None = None) -> bool:
        """One rating per message: a new one replaces the earlier (the last counts). An
        upsert on the unique message id, so two racing ratings cannot both be stored."""
        with self.db.session() as s:
            msg = s.get(MessageRecord, message_id)
            if msg is None:
                return False
            now = utcnow()
            stmt = self.db.insert(FeedbackRecord).values(
                message_id=message_id, session_id=msg.session_id, rating=rating,
                comment=comment, created_at=now)
            s.execute(stmt.on_conflict_do_update(
                index_elements=["message_id"],
                set_={"rating": rating, "comment": comment, "created_at": now}))
            return True

    def add_contact(self, *, name: str, email: str, message: str, language: str, consent: bool,
                    organisation: str | None = None, session_id: str | None = None,
                    channel: str = "web", user_ref: str | None = None) -> int:
        with self.db.session() as s:
            if session_id and s.get(ChatSession, session_id) is None:
                session_id = None
            req = ContactRequest(name=name, email=email, organisation=organisation,
                                 message=message, language=language, consent=consent,
                                 session_id=session_id, channel=channel, user_ref=user_ref,
                                 status="new")
            s.add(req)
            s.flush()
            return int(req.id)

    def add_contact_once(self, client_key: str, *, name: str, email: str, message: str,
                         language: str, consent: bool, organisation: str | None = None,
                         session_id: str | None = None, channel: str = "web",
                         user_ref: str | None = None) -> ContactReceipt:
        """Store an advisor request unless one with `client_key` (a hash of the client's
        Idempotency-Key) is stored already; then that one is the answer. The unique index on
        the key decides, so two workers racing with one key store one row: the second INSERT
        waits for the first to commit (PostgreSQL's index lock, SQLite's write lock) and then
        does nothing."""
        for _attempt in range(3):
            with self.db.session() as s:
                # The session is checked inside the INSERT (NULL when unknown) so that the
                # transaction starts as a write: a read first and a write after would fail
                # at once on SQLite when another worker wrote in between.
                known_session = (select(ChatSession.id).where(ChatSession.id == session_id)
                                 .scalar_subquery()) if session_id else None
                stmt = self.db.insert(ContactRequest).values(
                    name=name, email=email, organisation=organisation, message=message,
                    language=language, consent=consent, session_id=known_session,
                    channel=channel, user_ref=user_ref, status="new", created_at=utcnow(),
                    client_key=client_key)
                stored_id = s.execute(
                    stmt.on_conflict_do_nothing(index_elements=["client_key"])
                    .returning(ContactRequest.id)).scalar_one_or_none()
                if stored_id is not None:
                    return ContactReceipt(id=int(stored_id), language=language,
                                          replayed=False, same_request=True)
                earlier = s.scalars(select(ContactRequest)
                                    .where(ContactRequest.client_key == client_key)).first()
                if earlier is not None:
                    same = (earlier.name, earlier.email, earlier.organisation or None,
                            earlier.message) == (name, email, organisation or None, message)
                    return ContactReceipt(id=int(earlier.id), language=earlier.language,
                                          replayed=True, same_request=same)
            # The earlier request was erased between our INSERT and SELECT: store this one.
        raise RuntimeError("advisor request with a client key neither stored nor found")

    def erase_session(self, session_id: str) -> bool:
        """The conversation, its feedback and the advisor requests sent from it."""
        with self.db.session() as s:
            rec = s.get(ChatSession, session_id)
            if rec is None:
                return False
            s.execute(delete(ContactRequest).where(ContactRequest.session_id == session_id))
            s.execute(delete(FeedbackRecord).where(FeedbackRecord.session_id == session_id))
            s.execute(delete(MessageRecord).where(MessageRecord.session_id == session_id))
            s.delete(rec)
        self.db.checkpoint()
        return True

    def erase_user(self, user_ref: str) -> int:
        """Everything stored for one channel user: sessions, messages, feedback, requests."""
        with self.db.session() as s:
            ids = list(s.scalars(select(ChatSession.id).where(ChatSession.user_ref == user_ref)))
            if ids:
                s.execute(delete(ContactRequest).where(ContactRequest.session_id.in_(ids)))
                s.execute(delete(FeedbackRecord).where(FeedbackRecord.session_id.in_(ids)))
                s.execute(delete(MessageRecord).where(MessageRecord.session_id.in_(ids)))
                s.execute(delete(ChatSession).where(ChatSession.id.in_(ids)))
            s.execute(delete(ContactRequest).where(ContactRequest.user_ref == user_ref))
        self.db.checkpoint()
        return len(ids)

    def purge_expired(self, days: int, contact_days: int | None = None) -> PurgeReport:
        """Retention: conversations untouched for `days` days and advisor requests older
        than `contact_days` (None: the same as `days`) are deleted; 0 keeps them."""
        contact_days = days if contact_days is None else contact_days
        ids: list[str] = []
        contacts = 0
        with self.db.session() as s:
            if days > 0:
                cutoff = utcnow() - timedelta(days=days)
                ids = list(s.scalars(select(ChatSession.id)
                                     .where(ChatSession.updated_at < cutoff)))
                if ids:
                    s.execute(delete(FeedbackRecord).where(FeedbackRecord.session_id.in_(ids)))
                    s.execute(delete(MessageRecord).where(MessageRecord.session_id.in_(ids)))
                    s.execute(delete(ChatSession).where(ChatSession.id.in_(ids)))
            if contact_days > 0:
                cutoff = utcnow() - timedelta(days=contact_days)
                contacts = s.execute(
                    delete(ContactRequest).where(ContactRequest.created_at < cutoff)).rowcount
        if ids or contacts:
            self.db.checkpoint()
        return PurgeReport(conversations=len(ids), contact_requests=int(contacts or 0))
