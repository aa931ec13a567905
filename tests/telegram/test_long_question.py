"""Issue 11.3 on Telegram: a question beyond the embedder's token limit is answered from its
beginning, and the answer says so in the user's language."""

from __future__ import annotations

from bot.i18n import t
from tests.telegram.conftest import BotRunner, new_user
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.test_bot import ask


def test_a_very_long_question_is_answered_with_the_shortening_notice(
        polling_bot: BotRunner, fake_api: FakeBotApi) -> None:
    user = new_user("cs")
    question = "Jaký je rozpočet projektu Glokalisierung? " + "a. " * 600
    [answer] = ask(fake_api, user, question)
    notice_start = t("question_shortened", "cs", words=0).split("(")[0].strip()
    assert answer["text"].startswith(notice_start)
    assert "610.799,70" in answer["text"]
