"""The Telegram bot: a python-telegram-bot Application in front of the assistant core.

`TelegramService` is what the web app starts in its lifespan (polling in the background, or a
registered webhook fed by `POST /telegram/webhook`); `run_polling` is `lotse telegram`.
Per-user state (chosen language, sessions, the advisor-request form, recent message times) lives
in `context.user_data`, persisted in the database (`bot/telegram/persistence.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
import re
import signal
import sys
import time
from typing import TYPE_CHECKING, Any

from telegram import (
    BotCommand,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, MessageEntityType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    PersistenceInput,
    filters,
)

from bot.i18n import LANGUAGE_NAMES, SUPPORTED, normalise_language
from bot.telegram.formatting import MESSAGE_LIMIT, render_answer_html, split_html
from bot.telegram.funding import choices_keyboard, register_funding
from bot.telegram.persistence import SqlPersistence, import_pickle_state
from bot.telegram.persistence import install as install_persistence
from bot.telegram.texts import MENU_LANGUAGES, command_menu, text
from knowledge.db import get_database
from knowledge.settings import Settings

if TYPE_CHECKING:
    from bot.assistant import Assistant
    from bot.schemas import Answer

log = logging.getLogger("lotse.telegram")

Context = ContextTypes.DEFAULT_TYPE

FLAGS = {"de": "🇩🇪", "en": "🇬🇧", "pl": "🇵🇱", "cs": "🇨🇿"}
TYPING_EVERY_S = 4.0  # Telegram shows "typing…" for about five seconds per chat action
EDIT_EVERY_S = 1.0  # streaming edits in a private chat; Telegram throttles faster edits
EDIT_EVERY_GROUP_S = 3.0  # groups allow about 20 messages a minute
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]{2,}$")
FIELD_LIMITS = {"name": 200, "email": 254, "organisation": 200, "message": 3000}
# The reason given with a thumbs-down: the same limit as the web API's FeedbackRequest.comment.
FEEDBACK_REASON_LIMIT = 2000


class TelegramService:
    """One bot per process: start it, stop it, and feed it webhook updates."""

    def __init__(self, settings: Settings, assistant: Assistant) -> None:
        if not settings.telegram_bot_token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        self.settings = settings
        self.handlers = LotseBot(settings, assistant)
        self.application = build_application(settings, self.handlers)
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def webhook_mode(self) -> bool:
        return bool(self.settings.telegram_webhook_url)

    async def start(self) -> None:
        """Connect, publish the command menus, then poll or register the webhook."""
        if self.webhook_mode and not self.settings.telegram_webhook_secret:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is "
                             "set, otherwise anybody could post updates to the webhook")
        self._loop = asyncio.get_running_loop()
        app = self.application
        assert isinstance(app.persistence, SqlPersistence)
        imported = await import_pickle_state(
            self.settings.data_dir / "telegram" / "user_state.pickle", app.persistence)
        if imported:
            log.info("telegram: moved the state of %d users from the pickle file to the "
                     "database", imported)
        await app.initialize()
        await register_commands(app)
        if self.webhook_mode:
            secret = self.settings.telegram_webhook_secret
            await app.bot.set_webhook(
                url=str(self.settings.telegram_webhook_url),
                secret_token=secret.get_secret_value() if secret else None,
                allowed_updates=Update.ALL_TYPES)
            log.info("telegram webhook registered")
        else:
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("telegram long polling started")
        await app.start()

    async def stop(self) -> None:
        # The webhook stays registered: other workers or the next start still receive updates.
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    def secret_matches(self, header_value: str | None) -> bool:
        secret = self.settings.telegram_webhook_secret
        if not secret or not header_value:
            return False
        return hmac.compare_digest(header_value.encode(), secret.get_secret_value().encode())

    async def process_webhook_update(self, payload: dict[str, Any]) -> None:
        """Queue one pushed update; the Application handles it like a polled one."""
        if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
            raise ValueError("not a Telegram update")
        try:
            update = Update.de_json(payload, self.application.bot)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError("malformed Telegram update") from exc
        queue = self.application.update_queue
        loop = asyncio.get_running_loop()
        if self._loop is None or self._loop is loop:
            await queue.put(update)
        else:  # the route runs on another event loop than the bot (e.g. a test client)
            await asyncio.wrap_future(
                asyncio.run_coroutine_threadsafe(queue.put(update), self._loop))


def build_application(settings: Settings, handlers: LotseBot) -> Application:
    base = settings.telegram_api_base_url.rstrip("/")
    token = settings.telegram_bot_token
    assert token is not None
    # In the database, not a pickle file: several processes (webhook workers, or `serve` and
    # `telegram` on a shared database) must see the same per-user state.
    persistence = SqlPersistence(
        get_database(settings),
        store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
        update_interval=30)
    application = (
        ApplicationBuilder()
        .token(token.get_secret_value())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .persistence(persistence)
        # Answers take a while; other users should not wait for them.
        .concurrent_updates(8)
        .build()
    )
    handlers.register(application)
    install_persistence(application)
    return application


async def register_commands(application: Application) -> None:
    """Command menus with descriptions per language, plus the default for everyone else."""
    bot = application.bot
    await bot.set_my_commands([BotCommand(c, d) for c, d in command_menu(None)])
    for lang in MENU_LANGUAGES:
        await bot.set_my_commands([BotCommand(c, d) for c, d in command_menu(lang)],
                                  language_code=lang)


class LotseBot:
    """The handlers: one small async method per command, button and kind of message."""

    def __init__(self, settings: Settings, assistant: Assistant) -> None:
        self.settings = settings
        self.assistant = assistant

    def register(self, app: Application) -> None:
        app.add_handler(CommandHandler("start", self.on_start))
        app.add_handler(CommandHandler("help", self.on_help))
        app.add_handler(CommandHandler("language", self.on_language))
        app.add_handler(CommandHandler("new", self.on_new))
        app.add_handler(CommandHandler("contact", self.on_contact))
        app.add_handler(CommandHandler("forget", self.on_forget))
        app.add_handler(CallbackQueryHandler(self.on_language_choice, pattern=r"^lang:"))
        app.add_handler(CallbackQueryHandler(self.on_feedback, pattern=r"^fb:"))
        app.add_handler(CallbackQueryHandler(self.on_forget_choice, pattern=r"^forget:"))
        app.add_handler(CallbackQueryHandler(self.on_contact_button, pattern=r"^contact:"))
        register_funding(app, self)
        new_message = filters.UpdateType.MESSAGE
        app.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND,
                                       self.on_text))
        app.add_handler(MessageHandler(new_message & ~filters.TEXT & ~filters.StatusUpdate.ALL,
                                       self.on_non_text))
        app.add_error_handler(self.on_error)

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

    async def on_contact(self, update: Update, context: Context) -> None:
        await self.begin_contact(update, context)

    async def on_forget(self, update: Update, context: Context) -> None:
        lang = user_language(update, context)
        keyboard = InlineKeyboardMarkup([[
            InlineKeyboardButton(text("yes_delete", lang), callback_data="forget:yes"),
            InlineKeyboardButton(text("no_keep", lang), callback_data="forget:no"),
        ]])
        await reply(update, text("forget_confirm", lang), keyboard)

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
        stored = await asyncio.to_thread(self.assistant.conversations.add_feedback,
                                         message_id, rating)
        await query.answer(text("feedback_thanks" if stored else "feedback_gone", lang))
        chat = update.effective_chat
        if rating == "down" and stored and chat is not None and chat.type == ChatType.PRIVATE:
            # Only in a private chat: in a group the forced reply would be put to everyone.
            await self.ask_feedback_reason(update, context, message_id, lang)
        # The thumbs go away so the same answer is not rated twice; the advisor button stays.
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton(text("button_contact", lang),
                                       callback_data="contact:start")]]))

    async def on_forget_choice(self, update: Update, context: Context) -> None:
        query = update.callback_query
        user = update.effective_user
        assert query is not None and user is not None
        lang = user_language(update, context)
        await query.answer()
        if query.data != "forget:yes":
            await query.edit_message_text(text("forget_kept", lang))
            return
        erased = await asyncio.to_thread(self.assistant.conversations.erase_user,
                                         user_ref(user.id))
        user_data(context).clear()
        log.info("telegram user erased their data (%d sessions)", erased)
        await query.edit_message_text(text("forget_done", lang))

    async def on_contact_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer()
        action = query.data.split(":", 1)[1]
        if action == "start":
            await self.begin_contact(update, context)
            return
        lang = user_language(update, context)
        form = user_data(context).get("contact")
        if form is None:
            return
        if action == "cancel":
            user_data(context).pop("contact", None)
            await send(update, text("contact_cancelled", lang))
        elif action == "skip" and form["step"] == "organisation":
            form["organisation"] = None
            form["step"] = "message"
            await send(update, text("contact_message", lang), cancel_keyboard(lang))
        elif action in ("consent-yes", "consent-no") and form["step"] == "consent":
            if action == "consent-no":
                user_data(context).pop("contact", None)
                await send(update, text("contact_no_consent", lang))
                return
            form["consent"] = True
            form["step"] = "confirm"
            await self.show_contact_summary(update, form, lang)
        elif action == "send" and form["step"] == "confirm":
            await self.store_contact(update, context, form, lang)

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
        if chat.type != ChatType.PRIVATE:
            addressed, question = addressed_to_bot(message, context.bot.username, context.bot.id)
            if not addressed:
                return
        elif user_data(context).get("contact"):
            await self.contact_step(update, context, question)
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
        if chat.type != ChatType.PRIVATE and not replies_to_bot(message, context.bot.id):
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

        private = chat.type == ChatType.PRIVATE
        typing_done = asyncio.Event()
        typing = asyncio.create_task(keep_typing(context, chat.id, typing_done))
        stream: StreamingReply | None = None
        if self.assistant.llm is not None:
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
        stored = await asyncio.to_thread(self.assistant.conversations.add_feedback,
                                         pending["message_id"], "down", reason or None)
        user_data(context).pop("feedback_reason", None)
        await reply(update, text("feedback_reason_thanks" if stored else "feedback_gone", lang))
        return True

    # -- advisor request --------------------------------------------------------------------
    async def begin_contact(self, update: Update, context: Context) -> None:
        lang = user_language(update, context)
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE:
            await send(update, text("contact_private_only", lang))
            return
        user_data(context)["contact"] = {"step": "name"}
        await send(update, text("contact_name", lang), cancel_keyboard(lang))

    async def contact_step(self, update: Update, context: Context, answer: str) -> None:
        lang = user_language(update, context)
        form: dict[str, Any] = user_data(context)["contact"]
        step = form["step"]
        value = answer.strip()
        if step in FIELD_LIMITS and len(value) > FIELD_LIMITS[step]:
            await reply(update, text("contact_too_long", lang, limit=FIELD_LIMITS[step]),
                        cancel_keyboard(lang))
            return
        if step == "name" and value:
            form.update(name=value, step="email")
            await reply(update, text("contact_email", lang), cancel_keyboard(lang))
        elif step == "email":
            if not EMAIL.match(value):
                await reply(update, text("contact_email_invalid", lang), cancel_keyboard(lang))
                return
            form.update(email=value, step="organisation")
            await reply(update, text("contact_organisation", lang), InlineKeyboardMarkup([[
                InlineKeyboardButton(text("skip", lang), callback_data="contact:skip"),
                InlineKeyboardButton(text("cancel", lang), callback_data="contact:cancel"),
            ]]))
        elif step == "organisation":
            form.update(organisation=value or None, step="message")
            await reply(update, text("contact_message", lang), cancel_keyboard(lang))
        elif step == "message" and value:
            form.update(message=value, step="consent")
            await reply(update, text("contact_consent", lang), consent_keyboard(lang))
        elif step == "consent":
            await reply(update, text("contact_consent", lang), consent_keyboard(lang))
        elif step == "confirm":
            await self.show_contact_summary(update, form, lang)

    async def show_contact_summary(self, update: Update, form: dict[str, Any],
                                   lang: str) -> None:
        summary = text("contact_summary", lang, name=form["name"], email=form["email"],
                       organisation=form.get("organisation") or text("none", lang),
                       message=form["message"])
        await send(update, html.escape(summary, quote=False), InlineKeyboardMarkup([[
            InlineKeyboardButton(text("send", lang), callback_data="contact:send"),
            InlineKeyboardButton(text("cancel", lang), callback_data="contact:cancel"),
        ]]))

    async def store_contact(self, update: Update, context: Context, form: dict[str, Any],
                            lang: str) -> None:
        user = update.effective_user
        assert user is not None
        await asyncio.to_thread(
            self.assistant.conversations.add_contact,
            name=form["name"], email=form["email"], message=form["message"], language=lang,
            consent=True, organisation=form.get("organisation"),
            session_id=user_data(context).get("sessions", {}).get(chat_key(update)),
            channel="telegram", user_ref=user_ref(user.id))
        user_data(context).pop("contact", None)
        log.info("telegram advisor request stored")
        await send(update, text("contact_sent", lang))


class StreamingReply:
    """Shows an answer while the model writes it: one message, edited at a gentle rate.

    Tokens arrive on the worker thread running the assistant; appending to a list is atomic,
    and only the event loop reads it.
    """

    def __init__(self, question: Message, interval: float, *, quote: bool) -> None:
        self.question = question
        self.interval = interval
        self.quote = quote
        self.tokens: list[str] = []
        self.message: Message | None = None
        self._shown = ""
        self._last_sent = 0.0
        self._done = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def on_token(self, token: str) -> None:
        self.tokens.append(token)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        # Let an edit in flight finish rather than cancel it, so no preview is left orphaned.
        self._done.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        while not self._done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._done.wait(), self.interval)
            if not self._done.is_set():
                await self._show()

    async def pace(self) -> None:
        """Wait until the next edit of the preview keeps to the rate (used for the final one)."""
        wait = self._last_sent + self.interval - time.monotonic()
        if self.message is not None and wait > 0:
            await asyncio.sleep(wait)

    async def _show(self) -> None:
        written = "".join(self.tokens).strip()
        preview = written if len(written) <= MESSAGE_LIMIT - 96 else (
            written[: MESSAGE_LIMIT - 96] + " …")
        if not preview or preview == self._shown:
            return
        try:
            if self.message is None:
                self.message = await self.question.reply_text(
                    preview, do_quote=self.quote, link_preview_options=NO_PREVIEW)
            else:
                await self.message.edit_text(preview, link_preview_options=NO_PREVIEW)
            self._shown = preview
            self._last_sent = time.monotonic()
        except TelegramError as exc:  # a lost preview is not worth failing the answer for
            log.debug("streaming preview not shown: %s", exc)


async def deliver_answer(question: Message, answer: Answer, preview: Message | None, *,
                         quote: bool) -> None:
    """The final answer in as many messages as needed; the buttons go under the last one."""
    parts = split_html(render_answer_html(answer))
    # A guided funding question gets its choices as buttons instead of the rating.
    keyboard = choices_keyboard(answer) or answer_keyboard(answer.message_id, answer.language)
    for index, part in enumerate(parts):
        markup = keyboard if index == len(parts) - 1 else None
        if index == 0 and preview is not None:
            try:
                await preview.edit_text(part, parse_mode=ParseMode.HTML, reply_markup=markup,
                                        link_preview_options=NO_PREVIEW)
                continue
            except BadRequest as exc:  # e.g. the user deleted the preview meanwhile
                log.info("preview not editable (%s); sending the answer anew", exc)
        await question.reply_text(part, parse_mode=ParseMode.HTML, reply_markup=markup,
                                  link_preview_options=NO_PREVIEW,
                                  do_quote=quote and index == 0)


async def keep_typing(context: Context, chat_id: int, done: asyncio.Event) -> None:
    """Telegram's "typing…" fades after a few seconds, so repeat it until the answer is ready."""
    while not done.is_set():
        try:
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as exc:
            log.debug("chat action failed: %s", exc)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), TYPING_EVERY_S)


# -- small pieces -----------------------------------------------------------------------------
def user_data(context: Context) -> dict[str, Any]:
    data = context.user_data
    assert data is not None, "every handled update has a user"
    return data


def user_ref(user_id: int) -> str:
    return f"telegram:{user_id}"


def chat_key(update: Update) -> str:
    return str(update.effective_chat.id) if update.effective_chat else "none"


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


def language_keyboard() -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(f"{FLAGS[code]} {LANGUAGE_NAMES[code]}",
                                    callback_data=f"lang:{code}") for code in SUPPORTED]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def answer_keyboard(message_id: str, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton("👍", callback_data=f"fb:up:{message_id}"),
         InlineKeyboardButton("👎", callback_data=f"fb:down:{message_id}")],
        [InlineKeyboardButton(text("button_contact", lang), callback_data="contact:start")],
    ])


def cancel_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text("cancel", lang),
                                                       callback_data="contact:cancel")]])


def consent_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(text("yes", lang), callback_data="contact:consent-yes"),
        InlineKeyboardButton(text("no_keep", lang), callback_data="contact:consent-no"),
    ]])


async def reply(update: Update, body: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer the message that triggered this update (HTML; callers escape what they insert)."""
    message = update.effective_message
    assert message is not None
    private = update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE
    await message.reply_text(body, parse_mode=ParseMode.HTML, reply_markup=markup,
                             link_preview_options=NO_PREVIEW, do_quote=not private)


async def send(update: Update, body: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A new message in the chat (after a button press there is no user message to quote)."""
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(body, parse_mode=ParseMode.HTML, reply_markup=markup,
                            link_preview_options=NO_PREVIEW)


# -- process entry point ----------------------------------------------------------------------
def run_polling(settings: Settings) -> None:
    """`lotse telegram`: the bot alone until Ctrl+C or SIGTERM.

    With TELEGRAM_WEBHOOK_URL set, it serves `POST /telegram/webhook` on LOTSE_HOST:LOTSE_PORT
    instead of polling.
    """
    from knowledge.chroma_server import index_served_by_this_process

    # Like `lotse serve`: the index gets Chroma's server beside the bot, so `lotse ingest` may
    # run while it answers.
    with index_served_by_this_process(
            settings, notify=lambda message: print(message, file=sys.stderr, flush=True)) as served:
        if served.telegram_webhook_url:
            import uvicorn

            from bot.telegram.webhook import create_webhook_app

            uvicorn.run(create_webhook_app(served), host=served.host, port=served.port)
            return
        asyncio.run(_poll_until_signalled(served))


async def _poll_until_signalled(settings: Settings) -> None:
    from bot.assistant import Assistant

    assistant = Assistant(settings)
    await asyncio.to_thread(assistant.warm_up)  # the first user does not wait for it
    service = TelegramService(settings, assistant)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    await service.start()
    print(f"Lotse is listening on Telegram as @{service.application.bot.username} "
          "(Ctrl+C stops it)", file=sys.stderr, flush=True)
    try:
        await stopping.wait()
    finally:
        await service.stop()
