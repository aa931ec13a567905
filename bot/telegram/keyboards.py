"""The inline keyboards the bot shows, and the callback data their buttons send."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import LANGUAGE_FLAGS, LANGUAGE_NAMES, SUPPORTED
from bot.telegram.texts import text


def language_keyboard() -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(f"{LANGUAGE_FLAGS[code]} {LANGUAGE_NAMES[code]}",
                                    callback_data=f"lang:{code}") for code in SUPPORTED]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def answer_keyboard(message_id: str, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton("👍", callback_data=f"fb:up:{message_id}"),
         InlineKeyboardButton("👎", callback_data=f"fb:down:{message_id}")],
        [advisor_row(lang)[0]],
    ])


def advisor_row(lang: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text("button_contact", lang), callback_data="contact:start")]


def forget_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(text("yes_delete", lang), callback_data="forget:yes"),
        InlineKeyboardButton(text("no_keep", lang), callback_data="forget:no"),
    ]])


def cancel_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text("cancel", lang),
                                                       callback_data="contact:cancel")]])


def skip_or_cancel_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(text("skip", lang), callback_data="contact:skip"),
        InlineKeyboardButton(text("cancel", lang), callback_data="contact:cancel"),
    ]])


def consent_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(text("yes", lang), callback_data="contact:consent-yes"),
        InlineKeyboardButton(text("no_keep", lang), callback_data="contact:consent-no"),
    ]])


def send_or_cancel_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(text("send", lang), callback_data="contact:send"),
        InlineKeyboardButton(text("cancel", lang), callback_data="contact:cancel"),
    ]])
