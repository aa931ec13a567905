"""The real python-telegram-bot Application, polling the fake Bot API, over the real assistant."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.core.assistant import Assistant
from bot.i18n import not_found_text
from bot.telegram.service import FEEDBACK_REASON_LIMIT
from bot.telegram.texts import COMMANDS, TEXTS
from bot.web.schemas import FeedbackRequest
from knowledge.db import ChatSession, ContactRequest, FeedbackRecord, MessageRecord
from tests.telegram.conftest import (
    WEB_SOURCE_URL,
    BotRunner,
    button_data,
    callback_update,
    message_update,
    new_user,
)
from tests.telegram.fake_bot_api import BOT_ID, BOT_USERNAME, FakeBotApi, parse_telegram_html


def to_chat(user: dict[str, Any]):  # noqa: ANN201 (a predicate)
    return lambda params: int(params["chat_id"]) == user["id"]


def ask(fake: FakeBotApi, user: dict[str, Any], question: str) -> list[dict[str, Any]]:
    """Send a private message; return the HTML messages of the bot's answer, buttons last."""
    mark = fake.mark()
    fake.push_update(message_update(user, question))
    # The answer is complete when a message carries the feedback buttons.
    fake.wait_for("sendMessage", since=mark, where=lambda p: to_chat(user)(p) and any(
        d.startswith("fb:") for d in button_data(p.get("reply_markup"))))
    return [c.params for c in fake.calls_of("sendMessage", since=mark, where=to_chat(user))]


def test_commands_are_registered_per_language(polling_bot: BotRunner, fake_api: FakeBotApi
                                              ) -> None:
    calls = fake_api.wait_for("setMyCommands", count=5)
    by_language = {c.params.get("language_code"): c.params["commands"] for c in calls}
    assert set(by_language) == {None, "de", "en", "pl", "cs"}
    for lang in ("de", "en", "pl", "cs"):
        menu = {c["command"]: c["description"] for c in by_language[lang]}
        assert set(menu) == {"start", "help", "language", "new", "contact", "forget"}
        assert menu["forget"] == COMMANDS["forget"][lang]
    assert {c["command"] for c in by_language[None]} == set(COMMANDS)


def test_start_in_polish_greets_in_polish_with_language_keyboard(
        polling_bot: BotRunner, fake_api: FakeBotApi) -> None:
    user = new_user("pl", first_name="Zofia")
    mark = fake_api.mark()
    fake_api.push_update(message_update(user, "/start"))
    [call] = fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))
    assert call.params["text"].startswith("Dzień dobry, Zofia!")
    assert "W jakim języku chcesz pisać?" in call.params["text"]
    assert button_data(call.params["reply_markup"]) == ["lang:de", "lang:en", "lang:pl",
                                                        "lang:cs"]

    # Choosing German switches the bot's own language.
    sent = fake_api.chat_message(user["id"], _last_message_id(fake_api, user))
    mark = fake_api.mark()
    fake_api.push_update(callback_update(user, "lang:de", sent))
    fake_api.wait_for("answerCallbackQuery", since=mark)
    [edit] = fake_api.wait_for("editMessageText", since=mark, where=to_chat(user))
    assert edit.params["text"] == TEXTS["language_set"]["de"]
    mark = fake_api.mark()
    fake_api.push_update(message_update(user, "/help"))
    [help_call] = fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))
    assert help_call.params["text"].startswith("Ich beantworte Fragen")


def test_czech_question_gets_czech_answer_with_sources(polling_bot: BotRunner,
                                                       fake_api: FakeBotApi) -> None:
    user = new_user("cs")
    mark = fake_api.mark()
    [answer] = ask(fake_api, user, "Jaký je rozpočet projektu Glokalisierung?")
    assert fake_api.calls_of("sendChatAction", since=mark, where=lambda p: (
        to_chat(user)(p) and p["action"] == "typing"))
    body = answer["text"]
    assert answer["parse_mode"] == "HTML"
    assert body.startswith("Toto jsem našel v našich podkladech:")
    assert "610.799,70" in body
    assert "<b>Zdroje:</b>" in body
    # A file source is named, never turned into a link.
    assert "Glokalisierung" in body.split("Zdroje:")[1]
    assert "glokalisierung.md" in body and "<a " not in body
    buttons = button_data(answer["reply_markup"])
    assert buttons[0].startswith("fb:up:m_") and buttons[1].startswith("fb:down:m_")
    assert buttons[2] == "contact:start"


def test_web_sources_become_links_with_escaped_urls(polling_bot: BotRunner,
                                                   fake_api: FakeBotApi) -> None:
    user = new_user("en")
    [answer] = ask(fake_api, user,
                   "How much of the stand rental does the trade fair programme pay?")
    body = answer["text"]
    assert "50 percent" in body
    escaped_url = WEB_SOURCE_URL.replace("&", "&amp;")
    assert f'<a href="{escaped_url}">Trade fair programme for Saxon SMEs</a>' in body


def test_thumbs_down_stores_feedback_and_acknowledges(polling_bot: BotRunner,
                                                      fake_api: FakeBotApi,
                                                      assistant: Assistant) -> None:
    user = new_user("de")
    [answer] = ask(fake_api, user, "Wer ist Lead Partner im Projekt Glokalisierung?")
    down = next(d for d in button_data(answer["reply_markup"]) if d.startswith("fb:down:"))
    message_id = down.split(":", 2)[2]
    sent = fake_api.chat_message(user["id"], _last_message_id(fake_api, user))
    mark = fake_api.mark()
    press = fake_api.push_update(callback_update(user, down, sent))
    [ack] = fake_api.wait_for("answerCallbackQuery", since=mark)
    assert ack.params["callback_query_id"] == press["callback_query"]["id"]
    assert ack.params["text"] == TEXTS["feedback_thanks"]["de"]
    [edit] = fake_api.wait_for("editMessageReplyMarkup", since=mark)
    assert button_data(edit.params["reply_markup"]) == ["contact:start"]
    with assistant.db.session() as s:
        ratings = s.scalars(select(FeedbackRecord.rating)
                            .where(FeedbackRecord.message_id == message_id)).all()
    assert ratings == ["down"]
    # The bot asks why, as a forced reply: a reply to it is the reason, anything else is not.
    [why] = fake_api.calls_of("sendMessage", since=mark, where=to_chat(user))
    assert why.params["text"] == TEXTS["feedback_reason_ask"]["de"]
    assert why.params["reply_markup"]["force_reply"] is True
    prompt = fake_api.chat_message(user["id"], _last_message_id(fake_api, user))

    mark = fake_api.mark()
    too_long = "x" * (FEEDBACK_REASON_LIMIT + 1)
    fake_api.push_update(message_update(user, too_long, reply_to_message=prompt))
    [again] = fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))
    assert again.params["text"] == TEXTS["contact_too_long"]["de"].format(
        limit=FEEDBACK_REASON_LIMIT)
    assert again.params["reply_markup"]["force_reply"] is True
    prompt = fake_api.chat_message(user["id"], _last_message_id(fake_api, user))

    # A new question meanwhile (not a reply to the prompt) is answered as a question.
    ask(fake_api, user, "Wie hoch ist das Budget von Glokalisierung?")
    assert _comment(assistant, message_id) is None

    mark = fake_api.mark()
    fake_api.push_update(message_update(user, "Mir fehlt die Laufzeit des Projekts.",
                                        reply_to_message=prompt))
    [thanks] = fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))
    assert thanks.params["text"] == TEXTS["feedback_reason_thanks"]["de"]
    assert not button_data(thanks.params.get("reply_markup"))  # no answer to a reason
    assert _comment(assistant, message_id) == "Mir fehlt die Laufzeit des Projekts."
    with assistant.db.session() as s:
        assert s.scalars(select(FeedbackRecord.rating)
                         .where(FeedbackRecord.message_id == message_id)).all() == ["down"]

    # The advisor button under the answer starts the advisor request.
    mark = fake_api.mark()
    fake_api.push_update(callback_update(user, "contact:start", sent))
    [prompt] = fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))
    assert prompt.params["text"] == TEXTS["contact_name"]["de"]


def test_the_reason_limit_is_the_web_apis(polling_bot: BotRunner) -> None:
    web_limit = next(rule.max_length for rule in FeedbackRequest.model_fields["comment"].metadata
                     if hasattr(rule, "max_length"))
    assert web_limit == FEEDBACK_REASON_LIMIT


def test_not_found_names_the_advisor_button_and_contact(polling_bot: BotRunner,
                                                         fake_api: FakeBotApi) -> None:
    user = new_user("pl")
    [answer] = ask(fake_api, user, "Jaka będzie jutro pogoda w Zgorzelcu?")
    body = parse_telegram_html(answer["text"])
    assert body.startswith(not_found_text("pl", "telegram"))
    # Both ways it names exist here: the button under this very answer, and the command.
    assert f"„{TEXTS['button_contact']['pl']}”" in body and "/contact" in body
    assert "contact:start" in button_data(answer["reply_markup"])


def test_new_starts_a_fresh_conversation(polling_bot: BotRunner, fake_api: FakeBotApi,
                                         assistant: Assistant) -> None:
    user = new_user("en")
    ref = f"telegram:{user['id']}"
    ask(fake_api, user, "Who is the lead partner of Glokalisierung?")
    ask(fake_api, user, "And how long does the project run?")
    assert _count(assistant, ChatSession, ChatSession.user_ref == ref) == 1
    mark = fake_api.mark()
    fake_api.push_update(message_update(user, "/new"))
    [reply] = fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))
    assert reply.params["text"] == TEXTS["new_conversation"]["en"]
    ask(fake_api, user, "Who is the lead partner of Glokalisierung?")
    assert _count(assistant, ChatSession, ChatSession.user_ref == ref) == 2


def test_forget_erases_the_users_data(polling_bot: BotRunner, fake_api: FakeBotApi,
                                      assistant: Assistant) -> None:
    user = new_user("en")
    other = new_user("en")
    ask(fake_api, user, "Who is the lead partner of Glokalisierung?")
    ask(fake_api, other, "Who is the lead partner of Glokalisierung?")
    ref = f"telegram:{user['id']}"
    assert _count(assistant, ChatSession, ChatSession.user_ref == ref) == 1
    assistant.conversations.add_contact(name="Anna", email="anna@example.org", message="Hi",
                                        language="en", consent=True, channel="telegram",
                                        user_ref=ref)

    mark = fake_api.mark()
    fake_api.push_update(message_update(user, "/forget"))
    [confirm] = fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))
    assert button_data(confirm.params["reply_markup"]) == ["forget:yes", "forget:no"]
    assert _count(assistant, ChatSession, ChatSession.user_ref == ref) == 1  # not yet

    sent = fake_api.chat_message(user["id"], _last_message_id(fake_api, user))
    mark = fake_api.mark()
    fake_api.push_update(callback_update(user, "forget:yes", sent))
    [done] = fake_api.wait_for("editMessageText", since=mark, where=to_chat(user))
    assert done.params["text"] == TEXTS["forget_done"]["en"]
    assert _count(assistant, ChatSession, ChatSession.user_ref == ref) == 0
    assert _count(assistant, ContactRequest, ContactRequest.user_ref == ref) == 0
    other_ref = f"telegram:{other['id']}"
    assert _count(assistant, ChatSession, ChatSession.user_ref == other_ref) == 1

    # The bot's memory of the user is gone too: the next question opens a new session.
    ask(fake_api, user, "Who is the lead partner of Glokalisierung?")
    with assistant.db.session() as s:
        session_ids = s.scalars(select(ChatSession.id).where(ChatSession.user_ref == ref)).all()
        assert len(session_ids) == 1
        assert s.scalar(select(func.count()).select_from(MessageRecord)
                        .where(MessageRecord.session_id == session_ids[0])) == 2


def test_contact_request_step_by_step(polling_bot: BotRunner, fake_api: FakeBotApi,
                                      assistant: Assistant) -> None:
    user = new_user("cs")

    def say(text: str) -> dict[str, Any]:
        mark = fake_api.mark()
        fake_api.push_update(message_update(user, text))
        return fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))[0].params

    def press(data: str) -> dict[str, Any]:
        sent = fake_api.chat_message(user["id"], _last_message_id(fake_api, user))
        mark = fake_api.mark()
        fake_api.push_update(callback_update(user, data, sent))
        fake_api.wait_for("answerCallbackQuery", since=mark)
        return fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))[0].params

    assert say("/contact")["text"] == TEXTS["contact_name"]["cs"]
    assert say("Jan Novák")["text"] == TEXTS["contact_email"]["cs"]
    assert say("jan at firma")["text"] == TEXTS["contact_email_invalid"]["cs"]
    organisation = say("jan.novak@firma.cz")
    assert organisation["text"] == TEXTS["contact_organisation"]["cs"]
    assert button_data(organisation["reply_markup"]) == ["contact:skip", "contact:cancel"]
    assert press("contact:skip")["text"] == TEXTS["contact_message"]["cs"]
    consent = say("Chceme vyvážet do Saska <rychle> & levně.")
    assert button_data(consent["reply_markup"]) == ["contact:consent-yes", "contact:consent-no"]
    summary = press("contact:consent-yes")
    assert "Jan Novák" in summary["text"] and "&lt;rychle&gt; &amp; levně" in summary["text"]
    assert press("contact:send")["text"] == TEXTS["contact_sent"]["cs"]

    with assistant.db.session() as s:
        [request] = s.scalars(select(ContactRequest).where(
            ContactRequest.user_ref == f"telegram:{user['id']}")).all()
        assert (request.name, request.email, request.organisation) == (
            "Jan Novák", "jan.novak@firma.cz", None)
        assert request.message == "Chceme vyvážet do Saska <rychle> & levně."
        assert (request.language, request.channel, request.consent) == ("cs", "telegram", True)
    # The form is over: the next message is a question again.
    assert "610.799,70" in ask(fake_api, user, "Jaký je rozpočet projektu Glokalisierung?")[0][
        "text"]


def test_photo_gets_a_polite_explanation(polling_bot: BotRunner, fake_api: FakeBotApi) -> None:
    user = new_user("pl")
    mark = fake_api.mark()
    photo = [{"file_id": "AgAD1", "file_unique_id": "u1", "width": 90, "height": 90}]
    fake_api.push_update(message_update(user, photo=photo))
    [reply] = fake_api.wait_for("sendMessage", since=mark, where=to_chat(user))
    assert reply.params["text"] == TEXTS["non_text"]["pl"]


def test_group_answers_only_when_addressed(polling_bot: BotRunner, fake_api: FakeBotApi) -> None:
    user = new_user("en")
    group = {"id": -100777, "type": "supergroup", "title": "Saxon exporters"}
    mark = fake_api.mark()
    fake_api.push_update(message_update(user, "Who is the lead partner of Glokalisierung?",
                                        chat=group))
    photo = [{"file_id": "AgAD2", "file_unique_id": "u2", "width": 90, "height": 90}]
    fake_api.push_update(message_update(user, chat=group, photo=photo))
    mention = f"@{BOT_USERNAME}"
    question = f"{mention} who is the lead partner of Glokalisierung?"
    addressed = fake_api.push_update(message_update(
        user, question, chat=group,
        entities=[{"type": "mention", "offset": 0, "length": len(mention)}]))
    replies = fake_api.wait_for("sendMessage", since=mark,
                                where=lambda p: int(p["chat_id"]) == group["id"])
    # Updates are handled in order of arrival at most 8 at a time; the first two are ignored,
    # so the only reply is the answer to the mention, quoting it.
    assert len(replies) == 1
    params = replies[0].params
    assert "Wirtschaftsförderung Sachsen" in params["text"]
    assert params["reply_parameters"]["message_id"] == addressed["message"]["message_id"]

    # A reply to one of the bot's messages counts as addressing it.
    bot_message = fake_api.chat_message(group["id"], _last_message_id(fake_api, None,
                                                                      chat_id=group["id"]))
    mark = fake_api.mark()
    fake_api.push_update(message_update(user, "And how long does it run?", chat=group,
                                        reply_to_message=bot_message))
    [follow_up] = fake_api.wait_for("sendMessage", since=mark,
                                    where=lambda p: int(p["chat_id"]) == group["id"])
    assert "2026" in follow_up.params["text"]
    assert bot_message["from"]["id"] == BOT_ID


def test_a_bare_mention_in_a_group_is_asked_for_a_question_in_the_users_language(
        polling_bot: BotRunner, fake_api: FakeBotApi, assistant: Assistant) -> None:
    user = new_user("cs")
    group = {"id": -100778, "type": "group", "title": "Exportéři"}
    mention = f"@{BOT_USERNAME}"
    mark = fake_api.mark()
    fake_api.push_update(message_update(
        user, mention, chat=group, entities=[{"type": "mention", "offset": 0,
                                              "length": len(mention)}]))
    [prompt] = fake_api.wait_for("sendMessage", since=mark,
                                 where=lambda p: int(p["chat_id"]) == group["id"])
    # Nothing was asked: a Czech nudge, no answer buttons, no conversation stored.
    assert prompt.params["text"] == "Položte prosím otázku."
    assert not button_data(prompt.params.get("reply_markup"))
    with assistant.db.session() as db:
        assert not db.scalar(select(func.count()).select_from(ChatSession).where(
            ChatSession.user_ref == f"telegram:{user['id']}"))


def test_rate_limit_answers_kindly(polling_bot: BotRunner, fake_api: FakeBotApi) -> None:
    user = new_user("de")
    limit = polling_bot.settings.telegram_rate_limit
    mark = fake_api.mark()
    for _ in range(limit + 3):
        fake_api.push_update(message_update(user, "Wie hoch ist das Budget von Glokalisierung?"))
    answers = fake_api.wait_for("sendMessage", since=mark, count=limit, where=lambda p: (
        to_chat(user)(p) and "488.639,75" in p["text"]))
    assert len(answers) == limit
    # One friendly notice, not one per message over the limit.
    notices = fake_api.calls_of("sendMessage", since=mark, where=lambda p: (
        to_chat(user)(p) and p["text"] == TEXTS["rate_limited"]["de"]))
    assert len(notices) == 1
    assert len(fake_api.calls_of("sendMessage", since=mark, where=to_chat(user))) == limit + 1


def test_errors_reach_the_user_as_a_friendly_message(polling_bot: BotRunner,
                                                     fake_api: FakeBotApi) -> None:
    user = new_user("cs")
    mark = fake_api.mark()
    fake_api.fail_next("sendMessage", 500, "Internal Server Error")
    fake_api.push_update(message_update(user, "/help"))
    calls = fake_api.wait_for("sendMessage", since=mark, count=2, where=to_chat(user))
    assert calls[1].params["text"] == "Omlouváme se, něco se pokazilo. Zkuste to prosím znovu."
    assert "Traceback" not in calls[1].params["text"]


def test_every_sent_html_message_parses(polling_bot: BotRunner, fake_api: FakeBotApi) -> None:
    """Whatever the other tests made the bot send was valid Telegram HTML (the fake rejects
    invalid HTML with 400, so a rejected message shows up here as a failed call)."""
    for call in fake_api.calls_of("sendMessage") + fake_api.calls_of("editMessageText"):
        if call.params.get("parse_mode") == "HTML":
            parse_telegram_html(call.params["text"])


def _last_message_id(fake: FakeBotApi, user: dict[str, Any] | None, *,
                     chat_id: int | None = None) -> int:
    chat = chat_id if chat_id is not None else user["id"]  # type: ignore[index]
    return max(message_id for (c, message_id) in fake.messages if c == chat)


def _comment(assistant: Assistant, message_id: str) -> str | None:
    with assistant.db.session() as s:
        return s.scalars(select(FeedbackRecord.comment)
                         .where(FeedbackRecord.message_id == message_id)).one()


def _count(assistant: Assistant, model: Any, condition: Any) -> int:
    with assistant.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(condition)) or 0)
