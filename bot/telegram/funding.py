"""The funding finder on Telegram: a guided question's choices as inline buttons, and a
pressed button answered like a message with the choice's value."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.core.schemas import Answer

if TYPE_CHECKING:
    from bot.telegram.chat import QuestionAnswering

log = logging.getLogger("lotse.telegram")

PREFIX = "fund:"
PER_ROW = 2


def choices_keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    """The guided question's choices (callback data `fund:<value>`), two to a row; None when
    the answer asks nothing."""
    if answer.guided is None or not answer.guided.choices:
        return None
    buttons = [InlineKeyboardButton(choice.label, callback_data=f"{PREFIX}{choice.value}")
               for choice in answer.guided.choices]
    return InlineKeyboardMarkup([buttons[i:i + PER_ROW]
                                 for i in range(0, len(buttons), PER_ROW)])


def register_funding(app: Application, handlers: QuestionAnswering) -> None:
    async def on_choice(update: Update, context: Any) -> None:
        query = update.callback_query
        if query is None or not query.data:
            return
        await query.answer()
        try:
            # One press per question: the buttons go, the chosen answer follows as a reply.
            await query.edit_message_reply_markup(reply_markup=None)
        except TelegramError as exc:
            log.debug("funding buttons not removed: %s", exc)
        if handlers.rate_limited(context):
            return
        await handlers.answer_question(update, context, query.data[len(PREFIX):])

    app.add_handler(CallbackQueryHandler(on_choice, pattern=rf"^{PREFIX}"))
