"""python-telegram-bot persistence in the SQL database, shared by every bot process.

`PicklePersistence` keeps the state in one process's memory and writes a file now and then, so
only one process can run the bot. `SqlPersistence` keeps it in the core's channel-state store
(`bot.core.services.channel_state`, the `telegram_state` table) as JSON, reads a user's,
chat's or the bot's data afresh before each update (`refresh_*`), and `persist_after_update`
writes it back as soon as the update is handled: a webhook served by several workers sees
one truth, whichever worker Telegram reaches. Concurrent updates for the same user on two
workers: the last write wins.
"""

from __future__ import annotations

import asyncio
import copy
import json
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BasePersistence,
    ContextTypes,
    ConversationHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
)

from bot.core.services.channel_state import ChannelStateStore

USER, CHAT, BOT, CALLBACK, CONVERSATION = "user", "chat", "bot", "callback", "conversation"

# A handler group after every other one: it runs once the update's real handler is done.
PERSIST_GROUP = 1000
# And one before every other one: it runs before the update's real handler looks at it.
REFRESH_GROUP = -1000
_NOT_SEEN = object()


class SqlPersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """user_data, chat_data, bot_data, conversations and callback data as JSON rows."""

    def __init__(self, store: ChannelStateStore, store_data: PersistenceInput | None = None,
                 update_interval: float = 60) -> None:
        super().__init__(store_data=store_data, update_interval=update_interval)
        self.store = store
        # What this process last read or wrote per row: an update that changed nothing (most
        # of them in a busy group) costs no write, and does not overwrite another worker's.
        self._seen: dict[tuple[str, str], Any] = {}
        self._seen_lock = threading.Lock()

    def _remember(self, kind: str, key: str, data: Any) -> None:
        with self._seen_lock:
            self._seen[(kind, key)] = copy.deepcopy(data)

    # -- the table ------------------------------------------------------------------------
    def _read(self, kind: str, key: str) -> Any | None:
        return self.store.read(kind, key)

    def _refresh(self, kind: str, key: str, target: dict[str, Any]) -> None:
        """Load the row into `target` (in place: the handler's context holds this very dict)
        when this process has not seen it yet or another process changed it since.

        Otherwise `target` stays as it is: updates of the same user handled concurrently in
        this process share it, and a reload would drop what they added but not yet wrote
        (the rate limit's timestamps, for one).
        """
        stored = self._read(kind, key)
        stored = stored if stored is not None else {}
        with self._seen_lock:
            unchanged = (kind, key) in self._seen and self._seen[(kind, key)] == stored
        if unchanged:
            return
        target.clear()
        target.update(stored)
        self._remember(kind, key, stored)

    def _read_kind(self, kind: str) -> list[tuple[str, Any]]:
        return self.store.read_kind(kind)

    def _write(self, kind: str, key: str, data: Any) -> None:
        with self._seen_lock:
            if (kind, key) in self._seen and self._seen[(kind, key)] == data:
                return
        self.store.write(kind, key, data)
        self._remember(kind, key, data)

    def _delete(self, kind: str, key: str) -> None:
        self.store.delete(kind, key)
        with self._seen_lock:
            self._seen.pop((kind, key), None)

    # -- BasePersistence ------------------------------------------------------------------
    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        # Nothing is loaded up front: `refresh_user_data` reads each user's row when an update
        # of theirs arrives, so a worker never answers from another worker's stale copy and
        # memory does not grow with every user the bot ever had.
        return {}

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}  # read per update, like user data

    async def get_bot_data(self) -> dict[str, Any]:
        bot_data: dict[str, Any] = {}
        await asyncio.to_thread(self._refresh, BOT, "", bot_data)
        return bot_data

    async def get_callback_data(self) -> Any:
        stored = await asyncio.to_thread(self._read, CALLBACK, "")
        if stored is None:
            return None
        # JSON has no tuples: ([(uuid, time, {button: data})], {callback query id: uuid}).
        return ([(str(uuid), float(stamp), dict(buttons)) for uuid, stamp, buttons in stored[0]],
                dict(stored[1]))

    async def get_conversations(self, name: str) -> dict[tuple[str | int, ...], object]:
        rows = await asyncio.to_thread(self._read_kind, CONVERSATION)
        conversations: dict[tuple[str | int, ...], object] = {}
        for key, state in rows:
            handler, conversation_key = json.loads(key)
            if handler == name:
                conversations[tuple(conversation_key)] = state
        return conversations

    async def update_conversation(self, name: str, key: tuple[str | int, ...],
                                  new_state: object | None) -> None:
        row_key = json.dumps([name, list(key)])
        if new_state is None:
            await asyncio.to_thread(self._delete, CONVERSATION, row_key)
        else:
            await asyncio.to_thread(self._write, CONVERSATION, row_key, new_state)

    def conversation_state_if_changed(self, name: str, key: tuple[int, ...]
                                      ) -> tuple[bool, object | None]:
        """(changed, state): the conversation's stored state, and whether it differs from
        what this process last read or wrote (another worker moved the conversation on)."""
        row_key = json.dumps([name, list(key)])
        stored = self._read(CONVERSATION, row_key)
        with self._seen_lock:
            seen = self._seen.get((CONVERSATION, row_key), _NOT_SEEN)
            if seen is not _NOT_SEEN and seen == stored:
                return False, stored
            if stored is None:
                self._seen.pop((CONVERSATION, row_key), None)
                return seen is not _NOT_SEEN, None
        self._remember(CONVERSATION, row_key, stored)
        return True, stored

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        await asyncio.to_thread(self._write, USER, str(user_id), data)

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        await asyncio.to_thread(self._write, CHAT, str(chat_id), data)

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        await asyncio.to_thread(self._write, BOT, "", data)

    async def update_callback_data(self, data: Any) -> None:
        buttons, queries = data
        await asyncio.to_thread(self._write, CALLBACK, "",
                                [[list(entry) for entry in buttons], queries])

    async def drop_chat_data(self, chat_id: int) -> None:
        await asyncio.to_thread(self._delete, CHAT, str(chat_id))

    async def drop_user_data(self, user_id: int) -> None:
        await asyncio.to_thread(self._delete, USER, str(user_id))

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        await asyncio.to_thread(self._refresh, USER, str(user_id), user_data)

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        await asyncio.to_thread(self._refresh, CHAT, str(chat_id), chat_data)

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        await asyncio.to_thread(self._refresh, BOT, "", bot_data)

    async def flush(self) -> None:
        """Every write is committed when it is made; nothing is buffered."""


async def persist_after_update(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Write the state this update touched now, not at the next periodic run: the user's next
    message may reach another worker."""
    application = context.application
    if not isinstance(update, Update) or application.persistence is None:
        return
    chat, user = update.effective_chat, update.effective_user
    application.mark_data_for_update_persistence(
        chat_ids=chat.id if chat else None, user_ids=user.id if user else None)
    await application.update_persistence()


def stored_user_ids(store: ChannelStateStore) -> Iterable[int]:
    """The Telegram users with stored state (for operators and tests)."""
    return [int(key) for key in store.keys(USER)]


async def refresh_conversations(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before the update is handled: the state of this user's persistent conversations as
    another worker left it. python-telegram-bot reads conversations once, at start, which is
    right for one process but not for several sharing this table."""
    application = context.application
    persistence = application.persistence
    if not isinstance(update, Update) or not isinstance(persistence, SqlPersistence):
        return
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    for handler in persistent_conversations(application):
        # The key ConversationHandler builds with its defaults (per chat and per user).
        key = (chat.id, user.id)
        changed, state = await asyncio.to_thread(
            persistence.conversation_state_if_changed, str(handler.name), key)
        if not changed:
            continue
        # python-telegram-bot has no public way to set a conversation's state. Once the
        # Application is initialised this is its TrackingDict; set without marking it written,
        # as it came from the table and there is nothing to write back.
        states = handler._conversations
        if state is None or state == ConversationHandler.END:
            states.data.pop(key, None)
        else:
            states.update_no_track({key: state})


def persistent_conversations(application: Application) -> list[ConversationHandler]:
    found = []
    for group in application.handlers.values():
        for handler in group:
            if isinstance(handler, ConversationHandler) and handler.persistent:
                if handler.per_message or not (handler.per_chat and handler.per_user):
                    raise ValueError(f"conversation {handler.name!r}: only conversations keyed "
                                     "by chat and user can be shared between workers")
                found.append(handler)
    return found


def install(application: Application) -> None:
    """Register the read-ahead of conversation states before all handlers and the write-back
    handler after all others."""
    application.add_handler(TypeHandler(Update, refresh_conversations), group=REFRESH_GROUP)
    application.add_handler(TypeHandler(Update, persist_after_update), group=PERSIST_GROUP)


async def import_pickle_state(pickle_path: Path, persistence: SqlPersistence) -> int:
    """Once, on upgrade: copy the user state the bot kept in its pickle file before it moved to
    the database (users who already have a row keep theirs), then rename the file so this runs
    only once. Returns how many users were imported."""
    if not pickle_path.is_file():
        return 0
    legacy = PicklePersistence(filepath=pickle_path, store_data=PersistenceInput(
        bot_data=False, chat_data=False, callback_data=False))
    users = await legacy.get_user_data()
    known = set(await asyncio.to_thread(stored_user_ids, persistence.store))
    imported = 0
    for user_id, data in users.items():
        if user_id not in known and data:
            # JSON keeps what the bot stores (strings, numbers, lists, dicts of those).
            await persistence.update_user_data(user_id, json.loads(json.dumps(data)))
            imported += 1
    pickle_path.rename(pickle_path.with_name(pickle_path.name + ".imported"))
    return imported
