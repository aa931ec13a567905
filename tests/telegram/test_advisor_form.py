"""The advisor form as a ConversationHandler: what ends it, what a stale button does, and the
limits it shares with the web form (bot/core/services/contact.py). Real Application, fake Bot
API."""

from __future__ import annotations

from typing import Any

from bot.core.services.contact import NAME_MAX, ORGANISATION_MAX
from bot.telegram.texts import TEXTS
from tests.telegram.conftest import BotRunner, callback_update, message_update, new_user
from tests.telegram.fake_bot_api import FakeBotApi


def to_chat(user: dict[str, Any]):  # noqa: ANN201 (a predicate)
    return lambda params: int(params["chat_id"]) == user["id"]


class Chat:
    def __init__(self, fake_api: FakeBotApi, user: dict[str, Any]) -> None:
        self.fake_api = fake_api
        self.user = user

    def say(self, words: str) -> dict[str, Any]:
        mark = self.fake_api.mark()
        self.fake_api.push_update(message_update(self.user, words))
        return self.fake_api.wait_for("sendMessage", since=mark, where=to_chat(self.user))[
            0].params

    def press(self, data: str) -> int:
        """Press a button under the bot's last message; the mark to look for replies from."""
        last = max(m for (c, m) in self.fake_api.messages if c == self.user["id"])
        sent = self.fake_api.chat_message(self.user["id"], last)
        mark = self.fake_api.mark()
        self.fake_api.push_update(callback_update(self.user, data, sent))
        self.fake_api.wait_for("answerCallbackQuery", since=mark)
        return mark


def test_the_form_takes_the_web_forms_limits(polling_bot: BotRunner,
                                             fake_api: FakeBotApi) -> None:
    chat = Chat(fake_api, new_user("pl"))
    assert chat.say("/contact")["text"] == TEXTS["contact_name"]["pl"]
    too_long = chat.say("N" * (NAME_MAX + 1))
    assert too_long["text"] == TEXTS["contact_too_long"]["pl"].format(limit=NAME_MAX)
    assert chat.say("Ewa Nowak")["text"] == TEXTS["contact_email"]["pl"]
    assert chat.say("ewa@firma.pl")["text"] == TEXTS["contact_organisation"]["pl"]
    # 300 characters: the web form's limit (Telegram allowed 200 before the two were one).
    assert chat.say("O" * ORGANISATION_MAX)["text"] == TEXTS["contact_message"]["pl"]


def test_start_ends_a_form_in_progress(polling_bot: BotRunner, fake_api: FakeBotApi) -> None:
    chat = Chat(fake_api, new_user("de"))
    assert chat.say("/contact")["text"] == TEXTS["contact_name"]["de"]
    greeting = chat.say("/start")
    assert greeting["text"].startswith(TEXTS["greeting"]["de"].split("{")[0])
    # The form is over: /help is help, and a press of the old cancel button does nothing but
    # stop the app's spinner.
    assert chat.say("/help")["text"] == TEXTS["help"]["de"]
    mark = chat.press("contact:cancel")
    chat.say("/help")  # handled after the press: what the press sent would come before
    [only] = fake_api.calls_of("sendMessage", since=mark, where=to_chat(chat.user))
    assert only.params["text"] == TEXTS["help"]["de"]


def test_a_command_in_the_middle_keeps_the_form(polling_bot: BotRunner,
                                                fake_api: FakeBotApi) -> None:
    chat = Chat(fake_api, new_user("cs"))
    chat.say("/contact")
    assert chat.say("Jan Novák")["text"] == TEXTS["contact_email"]["cs"]
    # A button of a later step pressed too early is acknowledged and ignored.
    mark = chat.press("contact:send")
    assert chat.say("/help")["text"] == TEXTS["help"]["cs"]
    assert len(fake_api.calls_of("sendMessage", since=mark, where=to_chat(chat.user))) == 1
    assert chat.say("jan@firma.cz")["text"] == TEXTS["contact_organisation"]["cs"]
    mark = chat.press("contact:cancel")
    [cancelled] = fake_api.wait_for("sendMessage", since=mark, where=to_chat(chat.user))
    assert cancelled.params["text"] == TEXTS["contact_cancelled"]["cs"]
