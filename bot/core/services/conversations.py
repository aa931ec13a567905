"""Conversations as the faces see them: open one, read its history, take a rating, erase it
(one conversation, or everything of one channel user), apply the retention period.

The SQL is `ConversationStore` (bot/conversations.py), which the assistant also writes turns
through; this service is the part a face may use.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversations import ConversationStore, PurgeReport, Turn, new_id, short_hash

# A turn of history, the ids the store issues and their log form: what faces name.
__all__ = ["ConversationService", "FeedbackOutcome", "Turn", "new_id", "short_hash"]


@dataclass(frozen=True)
class FeedbackOutcome:
    """What a rating came to: stored or not, and the language of the rated conversation."""

    stored: bool
    language: str | None


class ConversationService:
    def __init__(self, store: ConversationStore) -> None:
        self.store = store

    def open(self, session_id: str | None, channel: str, language: str | None = None,
             user_ref: str | None = None) -> str:
        """The given conversation if it exists, otherwise a new one (an unknown id is never
        adopted, so nobody can plant a session id for someone else)."""
        return self.store.ensure_session(session_id, channel, language, user_ref)

    def session_exists(self, session_id: str) -> bool:
        return self.store.session_exists(session_id)

    def language(self, session_id: str | None) -> str | None:
        """The language the conversation was last answered in; None for no or an unknown id."""
        return self.store.session_language(session_id) if session_id else None

    def history(self, session_id: str, limit: int = 10) -> list[Turn]:
        return self.store.history(session_id, limit=limit)

    def session_of_message(self, message_id: str) -> str | None:
        return self.store.message_session(message_id)

    def rate(self, message_id: str, rating: str, comment: str | None = None, *,
             session_id: str | None = None) -> FeedbackOutcome:
        """Store a rating of one answer (a new one replaces the earlier). With `session_id`
        the answer must belong to that conversation: a rating cannot land in someone else's."""
        owner = self.store.message_session(message_id)
        language = self.store.session_language(owner) if owner else None
        if owner is None or (session_id and owner != session_id):
            return FeedbackOutcome(False, language)
        return FeedbackOutcome(self.store.add_feedback(message_id, rating, comment), language)

    def erase(self, session_id: str) -> bool:
        """The conversation, its feedback and the advisor requests sent from it: gone."""
        return self.store.erase_session(session_id)

    def erase_user(self, user_ref: str) -> int:
        """Everything stored for one channel user; how many conversations went."""
        return self.store.erase_user(user_ref)

    def purge_expired(self, days: int, contact_days: int | None = None) -> PurgeReport:
        """Retention: conversations untouched for `days` days and advisor requests older than
        `contact_days`; 0 keeps them."""
        return self.store.purge_expired(days, contact_days)
