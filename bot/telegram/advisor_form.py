"""The advisor request on Telegram: a python-telegram-bot `ConversationHandler`, one state per
field, then consent and a summary to confirm.

The answers collected so far are in `user_data["contact"]`; the conversation's state is kept by
the handler and, being persistent, written to the SQL persistence with the rest of the user's
state. What counts as a valid field is `bot.core.services.contact` (the same rules as the web form).
"""

from __future__ import annotations

import asyncio
import html
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import CallbackQuery, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.core.services.contact import ContactRequestIn, ContactService, contact_field_problem
from bot.telegram.chat import (
    Context,
    chat_key,
    is_private,
    reply,
    send,
    user_data,
    user_language,
    user_ref,
)
from bot.telegram.keyboards import (
    cancel_keyboard,
    consent_keyboard,
    send_or_cancel_keyboard,
    skip_or_cancel_keyboard,
)
from bot.telegram.texts import text

log = logging.getLogger("lotse.telegram")

# The persistence keys conversations by this name; renaming it forgets forms in progress.
FORM_NAME = "advisor_request"
NAME, EMAIL, ORGANISATION, MESSAGE, CONSENT, CONFIRM = (
    "name", "email", "organisation", "message", "consent", "confirm")
END = ConversationHandler.END

# A handler that takes a reply to the thumbs-down reason prompt; True when it did.
FeedbackReasonTaker = Callable[[Update, Context], Awaitable[bool]]
State = str | int | None

TYPED_TEXT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


class AdvisorForm:
    """The form's steps; `conversation()` wires them into a `ConversationHandler`."""

    def __init__(self, contacts: ContactService,
                 take_feedback_reason: FeedbackReasonTaker) -> None:
        self.contacts = contacts
        self.take_feedback_reason = take_feedback_reason

    def conversation(self, ending: list[BaseHandler[Update, Any, Any]]) -> ConversationHandler:
        """`ending`: other handlers that end a form in progress (/start, /new, forgetting)."""
        def typed(step: Callable[[Update, Context, str], Awaitable[State]]
                  ) -> MessageHandler[Any, Any]:
            return MessageHandler(TYPED_TEXT, self._typed(step))

        with warnings.catch_warnings():
            # The buttons belong to the user's form, not to one message: per_message=False is
            # what is meant, and PTB's hint about it would only be noise in every log.
            warnings.filterwarnings("ignore", category=PTBUserWarning,
                                    message=".*per_message.*")
            return ConversationHandler(
                entry_points=[CommandHandler("contact", self.begin),
                              CallbackQueryHandler(self.begin, pattern=r"^contact:start$")],
                states={
                    NAME: [typed(self.on_name)],
                    EMAIL: [typed(self.on_email)],
                    ORGANISATION: [typed(self.on_organisation),
                                   CallbackQueryHandler(self.on_skip, pattern=r"^contact:skip$")],
                    MESSAGE: [typed(self.on_message)],
                    CONSENT: [typed(self.on_consent_typed),
                              CallbackQueryHandler(self.on_consent,
                                                   pattern=r"^contact:consent-(yes|no)$")],
                    CONFIRM: [typed(self.on_confirm_typed),
                              CallbackQueryHandler(self.on_send, pattern=r"^contact:send$")],
                },
                fallbacks=[CallbackQueryHandler(self.on_cancel, pattern=r"^contact:cancel$"),
                           *ending],
                # /contact or the advisor button in the middle of a form starts it afresh.
                allow_reentry=True,
                name=FORM_NAME,
                persistent=True,
            )

    def _typed(self, step: Callable[[Update, Context, str], Awaitable[State]]
               ) -> Callable[[Update, Context], Awaitable[State]]:
        async def handle(update: Update, context: Context) -> State:
            # A reply to the thumbs-down reason prompt is that reason, even in a form.
            if await self.take_feedback_reason(update, context):
                return None
            message = update.effective_message
            assert message is not None and message.text is not None
            return await step(update, context, message.text.strip())
        return handle

    # -- the steps ------------------------------------------------------------------------
    async def begin(self, update: Update, context: Context) -> State:
        if update.callback_query is not None:
            await update.callback_query.answer()
        lang = user_language(update, context)
        if not is_private(update):
            await send(update, text("contact_private_only", lang))
            return END
        user_data(context)["contact"] = {}
        await send(update, text("contact_name", lang), cancel_keyboard(lang))
        return NAME

    async def too_long(self, update: Update, context: Context, field: str,
                       value: str) -> bool:
        """Says so when the value is over the field's limit."""
        problem = contact_field_problem(field, value)
        if problem is None or problem[0] != "too_long":
            return False
        lang = user_language(update, context)
        await reply(update, text("contact_too_long", lang, limit=problem[1]),
                    cancel_keyboard(lang))
        return True

    async def on_name(self, update: Update, context: Context, value: str) -> State:
        if not value or await self.too_long(update, context, "name", value):
            return None
        form(context)["name"] = value
        lang = user_language(update, context)
        await reply(update, text("contact_email", lang), cancel_keyboard(lang))
        return EMAIL

    async def on_email(self, update: Update, context: Context, value: str) -> State:
        if await self.too_long(update, context, "email", value):
            return None
        lang = user_language(update, context)
        if contact_field_problem("email", value) is not None:
            await reply(update, text("contact_email_invalid", lang), cancel_keyboard(lang))
            return None
        form(context)["email"] = value
        await reply(update, text("contact_organisation", lang), skip_or_cancel_keyboard(lang))
        return ORGANISATION

    async def on_organisation(self, update: Update, context: Context, value: str) -> State:
        if await self.too_long(update, context, "organisation", value):
            return None
        form(context)["organisation"] = value or None
        lang = user_language(update, context)
        await reply(update, text("contact_message", lang), cancel_keyboard(lang))
        return MESSAGE

    async def on_skip(self, update: Update, context: Context) -> State:
        await answer_button(update)
        form(context)["organisation"] = None
        lang = user_language(update, context)
        await send(update, text("contact_message", lang), cancel_keyboard(lang))
        return MESSAGE

    async def on_message(self, update: Update, context: Context, value: str) -> State:
        if not value or await self.too_long(update, context, "message", value):
            return None
        form(context)["message"] = value
        lang = user_language(update, context)
        await reply(update, text("contact_consent", lang), consent_keyboard(lang))
        return CONSENT

    async def on_consent_typed(self, update: Update, context: Context, value: str) -> State:
        lang = user_language(update, context)
        await reply(update, text("contact_consent", lang), consent_keyboard(lang))
        return None

    async def on_consent(self, update: Update, context: Context) -> State:
        query = await answer_button(update)
        lang = user_language(update, context)
        if query.data == "contact:consent-no":
            user_data(context).pop("contact", None)
            await send(update, text("contact_no_consent", lang))
            return END
        form(context)["consent"] = True
        await self.show_summary(update, context)
        return CONFIRM

    async def on_confirm_typed(self, update: Update, context: Context, value: str) -> State:
        await self.show_summary(update, context)
        return None

    async def show_summary(self, update: Update, context: Context) -> None:
        lang = user_language(update, context)
        answers = form(context)
        summary = text("contact_summary", lang, name=answers["name"], email=answers["email"],
                       organisation=answers.get("organisation") or text("none", lang),
                       message=answers["message"])
        await send(update, html.escape(summary, quote=False), send_or_cancel_keyboard(lang))

    async def on_send(self, update: Update, context: Context) -> State:
        await answer_button(update)
        user = update.effective_user
        assert user is not None
        lang = user_language(update, context)
        answers = form(context)
        request = ContactRequestIn(
            name=answers["name"], email=answers["email"], message=answers["message"],
            organisation=answers.get("organisation"), consent=True,
            session_id=user_data(context).get("sessions", {}).get(chat_key(update)))
        await asyncio.to_thread(self.contacts.submit, request, language=lang,
                                channel="telegram", user_ref=user_ref(user.id))
        user_data(context).pop("contact", None)
        log.info("telegram advisor request stored")
        await send(update, text("contact_sent", lang))
        return END

    async def on_cancel(self, update: Update, context: Context) -> State:
        await answer_button(update)
        user_data(context).pop("contact", None)
        await send(update, text("contact_cancelled", user_language(update, context)))
        return END


async def on_stale_button(update: Update, context: Context) -> None:
    """A form button pressed after the form ended (or a step it does not belong to): the press
    is acknowledged, so the user's app stops waiting, and nothing else happens."""
    await answer_button(update)


def form(context: Context) -> dict[str, Any]:
    answers: dict[str, Any] = user_data(context).setdefault("contact", {})
    return answers


async def answer_button(update: Update) -> CallbackQuery:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    return query
