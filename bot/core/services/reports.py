"""Read models of the staff console: documents, conversations, feedback, unanswered questions,
advisor requests. Plain SQLAlchemy over the shared stores; no writes except request status.
Faces use them through `StaffReports` (`services.reports`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import and_, case, func, select

from knowledge.db import (
    ChatSession,
    ContactRequest,
    Database,
    DocumentRecord,
    FeedbackRecord,
    MessageRecord,
)
from knowledge.embeddings import Embedder

REQUEST_STATUSES = ("new", "in_progress", "done")


# -- overview ---------------------------------------------------------------------------------

def overview(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {
            "documents": s.scalar(select(func.count(DocumentRecord.id))) or 0,
            "chunks": int(s.scalar(select(func.sum(DocumentRecord.chunk_count))) or 0),
            "conversations": s.scalar(select(func.count(func.distinct(MessageRecord.session_id))))
            or 0,
            "unanswered": s.scalar(select(func.count(MessageRecord.id)).where(
                MessageRecord.role == "assistant", MessageRecord.answered.is_(False))) or 0,
            "thumbs_down": s.scalar(select(func.count(FeedbackRecord.id)).where(
                FeedbackRecord.rating == "down")) or 0,
            "open_requests": s.scalar(select(func.count(ContactRequest.id)).where(
                ContactRequest.status != "done")) or 0,
        }


# -- conversations ----------------------------------------------------------------------------

@dataclass
class ConversationFilter:
    language: str = ""
    channel: str = ""
    since: date | None = None
    until: date | None = None
    rating: str = ""        # "" | "down" | "up": only conversations with such feedback

    def conditions(self) -> list[Any]:
        out: list[Any] = []
        if self.language:
            out.append(ChatSession.language == self.language)
        if self.channel:
            out.append(ChatSession.channel == self.channel)
        if self.since:
            out.append(ChatSession.updated_at >= datetime.combine(self.since, datetime.min.time()))
        if self.until:
            end = datetime.combine(self.until, datetime.min.time()) + timedelta(days=1)
            out.append(ChatSession.created_at < end)
        return out


@dataclass
class ConversationRow:
    id: str
    channel: str
    language: str | None
    created_at: datetime
    updated_at: datetime
    messages: int
    first_question: str
    down: int
    up: int
    unanswered: int
    # What users wrote with their thumbs-down (widget and Telegram ask why), newest first.
    down_reasons: list[str] = field(default_factory=list)


def conversations(db: Database, flt: ConversationFilter, limit: int = 200) -> list[ConversationRow]:
    """Conversations with at least one message, thumbs-down ones first, then the newest."""
    with db.session() as s:
        counts = (select(MessageRecord.session_id.label("sid"),
                         func.count(MessageRecord.id).label("messages"),
                         func.sum(case((and_(MessageRecord.role == "assistant",
                                                 MessageRecord.answered.is_(False)), 1),
                                           else_=0))
                         .label("unanswered"))
                  .group_by(MessageRecord.session_id).subquery())
        is_down = case((FeedbackRecord.rating == "down", 1), else_=0)
        is_up = case((FeedbackRecord.rating == "up", 1), else_=0)
        ratings = (select(FeedbackRecord.session_id.label("sid"),
                          func.sum(is_down).label("down"), func.sum(is_up).label("up"))
                   .group_by(FeedbackRecord.session_id).subquery())
        down = func.coalesce(ratings.c.down, 0)
        query = (select(ChatSession, counts.c.messages, counts.c.unanswered, down,
                        func.coalesce(ratings.c.up, 0))
                 .join(counts, counts.c.sid == ChatSession.id)
                 .outerjoin(ratings, ratings.c.sid == ChatSession.id)
                 .where(*flt.conditions()))
        if flt.rating == "down":
            query = query.where(down > 0)
        elif flt.rating == "up":
            query = query.where(func.coalesce(ratings.c.up, 0) > 0)
        query = query.order_by(down.desc(), ChatSession.updated_at.desc()).limit(limit)
        rows = s.execute(query).all()
        ids = [r[0].id for r in rows]
        first = _first_questions(s, ids)
        reasons = _down_reasons(s, ids)
    return [ConversationRow(id=c.id, channel=c.channel, language=c.language,
                            created_at=c.created_at, updated_at=c.updated_at,
                            messages=int(n or 0), first_question=first.get(c.id, ""),
                            down=int(d or 0), up=int(u or 0), unanswered=int(un or 0),
                            down_reasons=reasons.get(c.id, []))
            for c, n, un, d, u in rows]


def _down_reasons(s: Any, ids: list[str]) -> dict[str, list[str]]:
    if not ids:
        return {}
    out: dict[str, list[str]] = {}
    rows = s.execute(select(FeedbackRecord.session_id, FeedbackRecord.comment)
                     .where(FeedbackRecord.session_id.in_(ids), FeedbackRecord.rating == "down",
                            FeedbackRecord.comment.is_not(None), FeedbackRecord.comment != "")
                     .order_by(FeedbackRecord.created_at.desc())).all()
    for sid, comment in rows:
        out.setdefault(sid, []).append(comment)
    return out


def _first_questions(s: Any, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    out: dict[str, str] = {}
    rows = s.execute(select(MessageRecord.session_id, MessageRecord.text)
                     .where(MessageRecord.session_id.in_(ids), MessageRecord.role == "user")
                     .order_by(MessageRecord.created_at)).all()
    for sid, text in rows:
        out.setdefault(sid, text)
    return out


@dataclass
class MessageView:
    record: MessageRecord
    feedback: list[FeedbackRecord] = field(default_factory=list)


def conversation(db: Database, session_id: str) -> tuple[ChatSession | None, list[MessageView]]:
    with db.session() as s:
        session = s.get(ChatSession, session_id)
        if session is None:
            return None, []
        messages = list(s.scalars(select(MessageRecord).where(
            MessageRecord.session_id == session_id).order_by(MessageRecord.created_at)))
        feedback = list(s.scalars(select(FeedbackRecord).where(
            FeedbackRecord.session_id == session_id).order_by(FeedbackRecord.created_at)))
    views = {m.id: MessageView(m) for m in messages}
    for f in feedback:
        if f.message_id in views:
            views[f.message_id].feedback.append(f)
    return session, list(views.values())


def questions_before(db: Database, session_id: str, message_id: str
                     ) -> tuple[list[str], str, str] | None:
    """The user questions of a conversation before the given message, the question that message
    is (or, for an answer, answers) and the conversation's channel; None when either is
    unknown."""
    session, messages = conversation(db, session_id)
    if session is None:
        return None
    questions: list[str] = []
    for view in messages:
        m = view.record
        if m.id == message_id:
            if m.role == "user":
                return questions, m.text, session.channel
            if questions:  # an answer: the question it answers is the last one before it
                return questions[:-1], questions[-1], session.channel
            return None
        if m.role == "user":
            questions.append(m.text)
    return None


def channels_and_languages(db: Database) -> tuple[list[str], list[str]]:
    with db.session() as s:
        channels = sorted(c for c in s.scalars(select(func.distinct(ChatSession.channel))) if c)
        languages = sorted(x for x in s.scalars(select(func.distinct(ChatSession.language))) if x)
    return channels, languages


CSV_COLUMNS = ("session_id", "channel", "session_language", "message_id", "created_at", "role",
               "language", "mode", "answered", "route", "text", "sources", "rating", "comment")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a cell starting with = + - @ would be executed.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(db: Database, flt: ConversationFilter) -> str:
    rows = conversations(db, flt, limit=100_000)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        _session, messages = conversation(db, row.id)
        for view in messages:
            m = view.record
            ratings = ";".join(f.rating for f in view.feedback)
            comments = " | ".join(f.comment for f in view.feedback if f.comment)
            sources = "; ".join(str(src.get("title", "")) for src in (m.sources or []))
            writer.writerow([_cell(v) for v in (
                row.id, row.channel, row.language, m.id, m.created_at.isoformat(timespec="seconds"),
                m.role, m.language, m.mode, m.answered, m.route, m.text, sources, ratings,
                comments)])
    return out.getvalue()


# -- unanswered questions ---------------------------------------------------------------------

@dataclass
class UnansweredQuestion:
    text: str
    language: str | None
    channel: str
    session_id: str
    asked_at: datetime


@dataclass
class QuestionGroup:
    questions: list[UnansweredQuestion]

    @property
    def label(self) -> str:
        return self.questions[0].text

    @property
    def languages(self) -> list[str]:
        return sorted({q.language or "?" for q in self.questions})


def unanswered_questions(db: Database, language: str = "", limit: int = 1000
                         ) -> list[UnansweredQuestion]:
    """The user message before every assistant message with answered = false."""
    with db.session() as s:
        query = (select(MessageRecord, ChatSession.channel)
                 .join(ChatSession, ChatSession.id == MessageRecord.session_id)
                 .where(MessageRecord.role == "assistant", MessageRecord.answered.is_(False))
                 .order_by(MessageRecord.created_at.desc()).limit(limit))
        misses = s.execute(query).all()
        out: list[UnansweredQuestion] = []
        for answer, channel in misses:
            question = s.scalars(select(MessageRecord).where(
                MessageRecord.session_id == answer.session_id, MessageRecord.role == "user",
                MessageRecord.created_at <= answer.created_at)
                .order_by(MessageRecord.created_at.desc()).limit(1)).first()
            if question is None:
                continue
            lang = question.language or answer.language
            if language and lang != language:
                continue
            out.append(UnansweredQuestion(question.text, lang, channel, answer.session_id,
                                          question.created_at))
    return out


def group_by_similarity(questions: Iterable[UnansweredQuestion], embedder: Embedder,
                        threshold: float = 0.88) -> list[QuestionGroup]:
    """Greedy grouping by meaning: a question joins the first group whose first question is
    at least `threshold` similar (E5 cosines are compressed: 0.88 is 'the same question',
    across languages too). Biggest groups first: those are the missing knowledge."""
    groups: list[tuple[np.ndarray, QuestionGroup]] = []
    for q in questions:
        vec = embedder.embed_query(q.text)
        for centre, group in groups:
            if float(np.dot(centre, vec)) >= threshold:
                group.questions.append(q)
                break
        else:
            groups.append((vec, QuestionGroup([q])))
    return sorted((g for _, g in groups), key=lambda g: len(g.questions), reverse=True)


# -- advisor requests -------------------------------------------------------------------------

def contact_requests(db: Database, status: str = "") -> list[ContactRequest]:
    with db.session() as s:
        query = select(ContactRequest)
        if status:
            query = query.where(ContactRequest.status == status)
        order = case((ContactRequest.status == "new", 0),
                     (ContactRequest.status == "in_progress", 1), else_=2)
        return list(s.scalars(query.order_by(order, ContactRequest.created_at.desc())))


def set_request_status(db: Database, request_id: int, status: str) -> bool:
    if status not in REQUEST_STATUSES:
        raise ValueError(f"unknown status {status!r}")
    with db.session() as s:
        req = s.get(ContactRequest, request_id)
        if req is None:
            return False
        req.status = status
        return True


class StaffReports:
    """The console's read models bound to this installation's database and embedder: what the
    console pages list, count and export (the functions above hold the SQL)."""

    def __init__(self, db: Database, embedder: Embedder) -> None:
        self._db = db
        self._embedder = embedder

    def overview(self) -> dict[str, int]:
        return overview(self._db)

    def conversations(self, flt: ConversationFilter, limit: int = 200) -> list[ConversationRow]:
        return conversations(self._db, flt, limit)

    def conversation(self, session_id: str) -> tuple[ChatSession | None, list[MessageView]]:
        return conversation(self._db, session_id)

    def questions_before(self, session_id: str, message_id: str
                         ) -> tuple[list[str], str, str] | None:
        return questions_before(self._db, session_id, message_id)

    def channels_and_languages(self) -> tuple[list[str], list[str]]:
        return channels_and_languages(self._db)

    def export_csv(self, flt: ConversationFilter) -> str:
        return export_csv(self._db, flt)

    def unanswered_groups(self, language: str = "") -> list[QuestionGroup]:
        """Unanswered questions grouped by meaning, the biggest group (the most wanted missing
        knowledge) first."""
        return group_by_similarity(unanswered_questions(self._db, language=language),
                                   self._embedder)

    def contact_requests(self, status: str = "") -> list[ContactRequest]:
        return contact_requests(self._db, status)

    def set_request_status(self, request_id: int, status: str) -> bool:
        return set_request_status(self._db, request_id, status)
