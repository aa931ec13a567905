"""The bot's handlers: one small async method per command, button and kind of message.

`LotseBot.register` wires them into an Application; the advisor form is its own
`ConversationHandler` (bot/telegram/advisor_form.py), the funding finder's buttons are in
bot/telegram/funding.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from telegram import ForceReply, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.i18n import SUPPORTED
from bot.telegram.advisor_form import END, AdvisorForm, on_stale_button
from bot.telegram.chat import (
    NO_PREVIEW,
    Context,
    addressed_to_bot,
    chat_key,
    is_private,
    replies_to_bot,
    reply,
    user_data,
    user_language,
    user_ref,
)
from bot.telegram.funding import register_funding
from bot.telegram.keyboards import advisor_row, forget_keyboard, language_keyboard
from bot.telegram.settings import TelegramFaceSettings
from bot.telegram.streaming import (
    EDIT_EVERY_GROUP_S,
    EDIT_EVERY_S,
    StreamingReply,
    deliver_answer,
    keep_typing,
)
from bot.telegram.texts import text

if TYPE_CHECKING:
    from bot.core.assistant import Assistant

log = logging.getLogger("lotse.telegram")

# The reason given with a thumbs-down: the same limit as the web API's FeedbackRequest.comment.
FEEDBACK_REASON_LIMIT = 2000


class LotseBot:
    """The handlers: one small async method per command, button and kind of message."""

    def __init__(self, settings: TelegramFaceSettings, assistant: Assistant) -> None:
        self.settings = settings
        self.assistant = assistant
        self.advisor_form = AdvisorForm(assistant.services.contacts, self.take_feedback_reason)

    def register(self, app: Application) -> None:
        # First in its group: while a form is open, its typed answers are the form's, and
        # /start, /new or forgetting end it before they do their usual work.
        app.add_handler(self.advisor_form.conversation(ending=[
            CommandHandler("start", self.ends_form(self.on_start)),
            CommandHandler("new", self.ends_form(self.on_new)),
            CallbackQueryHandler(self.on_forget_choice_in_form, pattern=r"^forget:"),
        ]))
        app.add_handler(CommandHandler("start", self.on_start))
        app.add_handler(CommandHandler("help", self.on_help))
        app.add_handler(CommandHandler("language", self.on_language))
        app.add_handler(CommandHandler("new", self.on_new))
        app.add_handler(CommandHandler("forget", self.on_forget))
        app.add_handler(CallbackQueryHandler(self.on_language_choice, pattern=r"^lang:"))
        app.add_handler(CallbackQueryHandler(self.on_feedback, pattern=r"^fb:"))
        app.add_handler(CallbackQueryHandler(self.on_forget_choice, pattern=r"^forget:"))
        app.add_handler(CallbackQueryHandler(on_stale_button, pattern=r"^contact:"))
        register_funding(app, self)
        new_message = filters.UpdateType.MESSAGE
        app.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND,
                                       self.on_text))
        app.add_handler(MessageHandler(new_message & ~filters.TEXT & ~filters.StatusUpdate.ALL,
                                       self.on_non_text))
        app.add_error_handler(self.on_error)

    @staticmethod
    def ends_form(handler: Callable[[Update, Context], Awaitable[None]]
                  ) -> Callable[[Update, Context], Awaitable[int]]:
        async def run_then_end(update: Update, context: Context) -> int:
            await handler(update, context)
            return END
        return run_then_end

    # -- commands ---------------------------------------------------------------------------
    async def on_start(self, update: Update, context: Context) -> None:
        lang = user_language(update, context)
        user_data(context).pop("contact", None)
        user = update.effective_user
        name = html.escape(user.first_name if user else "", quote=False)
        await reply(update, text("greeting", lang, name=name), language_keyboard())

    async def on_help(self, update: Update, context: Context) -> None:
        await reply(update, html.escape(text("help", user_language(update, context)),
                                        quote=False))

    async def on_language(self, update: Update, context: Context) -> None:
        await reply(update, text("choose_language", user_language(update, context)),
                    language_keyboard())

    async def on_new(self, update: Update, context: Context) -> None:
        data = user_data(context)
        data.get("sessions", {}).pop(chat_key(update), None)
        data.pop("contact", None)
        data.pop("feedback_reason", None)
        await reply(update, text("new_conversation", user_language(update, context)))

    async def on_forget(self, update: Update, context: Context) -> None:
        lang = user_language(update, context)
        await reply(update, text("forget_confirm", lang), forget_keyboard(lang))

    # -- buttons ----------------------------------------------------------------------------
    async def on_language_choice(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        chosen = query.data.split(":", 1)[1]
        if chosen not in SUPPORTED:
            await query.answer()
            return
        user_data(context)["lang"] = chosen
        await query.answer()
        await query.edit_message_text(text("language_set", chosen))

    async def on_feedback(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        lang = user_language(update, context)
        _, rating, message_id = (query.data.split(":", 2) + ["", ""])[:3]
        if rating not in ("up", "down") or not message_id:
            await query.answer()
            return
        rated = await asyncio.to_thread(self.assistant.services.conversations.rate,
                                        message_id, rating)
        stored = rated.stored
        await query.answer(text("feedback_thanks" if stored else "feedback_gone", lang))
        if rating == "down" and stored and is_private(update):
            # Only in a private chat: in a group the forced reply would be put to everyone.
            await self.ask_feedback_reason(update, context, message_id, lang)
        # The thumbs go away so the same answer is not rated twice; the advisor button stays.
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(
                reply_markup=InlineKeyboardMarkup([advisor_row(lang)]))

    async def on_forget_choice(self, update: Update, context: Context) -> None:
        query = update.callback_query
        user = update.effective_user
        assert query is not None and user is not None
        lang = user_language(update, context)
        await query.answer()
        if query.data != "forget:yes":
            await query.edit_message_text(text("forget_kept", lang))
            return
        erased = await asyncio.to_thread(self.assistant.services.conversations.erase_user,
                                         user_ref(user.id))
        user_data(context).clear()
        log.info("telegram user erased their data (%d sessions)", erased)
        await query.edit_message_text(text("forget_done", lang))

    async def on_forget_choice_in_form(self, update: Update, context: Context) -> int | None:
        """Forgetting everything also drops the form in progress; keeping it keeps the form."""
        await self.on_forget_choice(update, context)
        query = update.callback_query
        return END if query is not None and query.data == "forget:yes" else None

    # -- messages ---------------------------------------------------------------------------
    async def on_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        chat = update.effective_chat
        user = update.effective_user
        if message is None or chat is None or user is None or message.text is None:
            return
        question = message.text
        if await self.take_feedback_reason(update, context):
            return
        if not is_private(update):
            addressed, question = addressed_to_bot(message, context.bot.username, context.bot.id)
            if not addressed:
                return
        lang = user_language(update, context)
        if self.rate_limited(context):
            # One notice per minute: a flood of messages should not get a flood of notices.
            data = user_data(context)
            if time.time() - data.get("rate_notice_at", 0.0) >= 60:
                data["rate_notice_at"] = time.time()
                await reply(update, text("rate_limited", lang))
            return
        if not question.strip():
            # A bare mention in a group: nothing to answer, so no turn, no rating buttons, and
            # the nudge in the user's language (the core would guess it from an empty text).
            await reply(update, text("empty_question", lang))
            return
        await self.answer_question(update, context, question.strip())

    async def on_non_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None:
            return
        if not is_private(update) and not replies_to_bot(message, context.bot.id):
            return
        await reply(update, text("non_text", user_language(update, context)))

    async def on_error(self, update: object, context: Context) -> None:
        log.error("telegram update failed: %s", type(context.error).__name__,
                  exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        try:
            await context.bot.send_message(update.effective_chat.id,
                                           text("error", user_language(update, context)))
        except TelegramError as exc:
            log.warning("could not tell the user about the error: %s", exc)

    # -- answering --------------------------------------------------------------------------
    def rate_limited(self, context: Context) -> bool:
        """Sliding one-minute window of the user's questions."""
        now = time.time()
        data = user_data(context)
        recent = [stamp for stamp in data.get("recent", []) if now - stamp < 60]
        limited = len(recent) >= self.settings.telegram_rate_limit
        if not limited:
            recent.append(now)
        data["recent"] = recent
        return limited

    async def answer_question(self, update: Update, context: Context, question: str) -> None:
        message = update.effective_message
        chat = update.effective_chat
        user = update.effective_user
        assert message is not None and chat is not None and user is not None
        data = user_data(context)
        sessions: dict[str, str] = data.setdefault("sessions", {})
        if self.settings.log_message_text:
            log.info("telegram question: %r", question)
        else:
            log.info("telegram question (%d characters)", len(question))

        private = is_private(update)
        typing_done = asyncio.Event()
        typing = asyncio.create_task(keep_typing(context, chat.id, typing_done))
        stream: StreamingReply | None = None
        if self.assistant.services.answer_mode == "llm":
            stream = StreamingReply(message, EDIT_EVERY_S if private else EDIT_EVERY_GROUP_S,
                                    quote=not private)
            stream.start()
        try:
            result = await asyncio.to_thread(
                self.assistant.ask, question, session_id=sessions.get(chat_key(update)),
                language=data.get("lang"), channel="telegram", user_ref=user_ref(user.id),
                on_token=stream.on_token if stream else None)
        finally:
            typing_done.set()
            if stream is not None:
                await stream.stop()
            await typing
        answer = result.answer
        sessions[chat_key(update)] = answer.session_id
        if stream is not None:
            await stream.pace()
        await deliver_answer(message, answer, stream.message if stream else None,
                             quote=not private)

    # -- the reason for a thumbs-down ------------------------------------------------------
    async def ask_feedback_reason(self, update: Update, context: Context, message_id: str,
                                  lang: str, prompt_text: str | None = None) -> None:
        chat = update.effective_chat
        assert chat is not None
        prompt = await chat.send_message(
            html.escape(prompt_text or text("feedback_reason_ask", lang), quote=False),
            parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
            reply_markup=ForceReply(input_field_placeholder=text("feedback_reason_placeholder",
                                                                 lang)))
        user_data(context)["feedback_reason"] = {"message_id": message_id, "chat_id": chat.id,
                                                 "prompt_id": prompt.message_id}

    async def take_feedback_reason(self, update: Update, context: Context) -> bool:
        """A reply to the reason prompt is stored as the rating's comment; True when the
        message was one. Anything else the user writes is a question as usual."""
        message = update.effective_message
        pending = user_data(context).get("feedback_reason")
        replied = message.reply_to_message if message is not None else None
        # Message ids count per chat: the prompt is this id in the chat it was sent to.
        if not pending or replied is None or (replied.chat_id, replied.message_id) != (
                pending.get("chat_id"), pending["prompt_id"]):
            return False
        assert message is not None and message.text is not None
        lang = user_language(update, context)
        reason = message.text.strip()
        if len(reason) > FEEDBACK_REASON_LIMIT:
            # Asked again with a forced reply, so the shorter reason is recognised as one.
            await self.ask_feedback_reason(
                update, context, pending["message_id"], lang,
                text("contact_too_long", lang, limit=FEEDBACK_REASON_LIMIT))
            return True
        rated = await asyncio.to_thread(self.assistant.services.conversations.rate,
                                        pending["message_id"], "down", reason or None)
        stored = rated.stored
        user_data(context).pop("feedback_reason", None)
        await reply(update, text("feedback_reason_thanks" if stored else "feedback_gone", lang))
        return True
