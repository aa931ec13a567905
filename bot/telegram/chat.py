"""Small pieces every Telegram handler needs: who is writing, in which language, and how to
answer in the chat (HTML, no link previews)."""

from __future__ import annotations

from typing import Any, Protocol

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ChatType, MessageEntityType, ParseMode
from telegram.ext import ContextTypes

from bot.i18n import normalise_language

Context = ContextTypes.DEFAULT_TYPE

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class QuestionAnswering(Protocol):
    """What a button that stands for a question needs of the handlers (bot/telegram/funding.py):
    a protocol, so the handlers' module is not imported back by the ones it uses."""

    def rate_limited(self, context: Context) -> bool: ...

    async def answer_question(self, update: Update, context: Context, question: str) -> None: ...


def user_data(context: Context) -> dict[str, Any]:
    data = context.user_data
    assert data is not None, "every handled update has a user"
    return data


def user_ref(user_id: int) -> str:
    return f"telegram:{user_id}"


def chat_key(update: Update) -> str:
    return str(update.effective_chat.id) if update.effective_chat else "none"


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def user_language(update: Update, context: Context) -> str:
    """The language the user chose, else the one their Telegram app is set to."""
    chosen = (context.user_data or {}).get("lang")
    if chosen:
        return str(chosen)
    user = update.effective_user
    return normalise_language(user.language_code if user else None)


def addressed_to_bot(message: Message, username: str, bot_id: int) -> tuple[bool, str]:
    """In a group: is the bot mentioned or replied to? Returns the text without the mention."""
    content = message.text or ""
    mention = f"@{username}".lower()
    addressed = replies_to_bot(message, bot_id)
    for entity, value in message.parse_entities([MessageEntityType.MENTION,
                                                 MessageEntityType.TEXT_MENTION]).items():
        if value.lower() == mention or (entity.user is not None and entity.user.id == bot_id):
            addressed = True
            content = content.replace(value, " ")
    return addressed, " ".join(content.split())


def replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


async def reply(update: Update, body: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer the message that triggered this update (HTML; callers escape what they insert)."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(body, parse_mode=ParseMode.HTML, reply_markup=markup,
                             link_preview_options=NO_PREVIEW, do_quote=not is_private(update))


async def send(update: Update, body: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A new message in the chat (after a button press there is no user message to quote)."""
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(body, parse_mode=ParseMode.HTML, reply_markup=markup,
                            link_preview_options=NO_PREVIEW)
