"""With a model configured, the answer streams into one message and long answers are split.

The model is the local OpenAI-compatible fake (tests/fakes/openai_server.py); the bot is the real
Application polling the fake Bot API.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.telegram.formatting import MESSAGE_LIMIT
from knowledge.db import forget_database
from knowledge.settings import Settings
from tests.conftest import make_settings
from tests.telegram.conftest import BotRunner, button_data, message_update, new_user
from tests.telegram.fake_bot_api import BOT_TOKEN, FakeBotApi, parse_telegram_html, utf16_length

openai_fake = pytest.importorskip("tests.fakes.openai_server")

PARAGRAPH = ("Das Projektbudget von Glokalisierung beträgt 610.799,70 Euro [1]. Für KMU im "
             "Grenzraum heißt das: Beratung, Messen & Kooperationsbörsen <kostenlos> oder "
             "stark vergünstigt, und zwar über die ganze Laufzeit bis Mitte 2026. ")


@pytest.fixture(scope="module")
def model_server() -> Iterator[object]:
    with openai_fake.FakeOpenAIServer() as server:
        yield server


@pytest.fixture(scope="module")
def bot_settings(telegram_data_dir: Path, fake_api: FakeBotApi,
                 model_server: object) -> Iterator[Settings]:
    settings = make_settings(telegram_data_dir, TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                             TELEGRAM_API_BASE_URL=fake_api.url,
                             OPENAI_BASE_URL=model_server.url,  # type: ignore[attr-defined]
                             OPENAI_API_KEY="test-key", LOTSE_LLM_MAX_RETRIES=0)
    yield settings
    forget_database(settings)


def test_long_streamed_answer_is_edited_gently_then_split(
        polling_bot: BotRunner, fake_api: FakeBotApi, model_server: object) -> None:
    paragraphs = [f"{n}. {PARAGRAPH * 3}".strip() for n in range(1, 15)]
    content = "\n\n".join(paragraphs)
    assert len(content) > 2 * MESSAGE_LIMIT
    # The model pauses half-way, as a real one does, so the preview is seen and edited.
    model_server.add(openai_fake.Reply.stalled_stream(  # type: ignore[attr-defined]
        content, after_chunks=40, seconds=2.5))
    user = new_user("de")
    chat = lambda p: int(p["chat_id"]) == user["id"]  # noqa: E731
    mark = fake_api.mark()
    fake_api.push_update(message_update(user, "Wie hoch ist das Budget von Glokalisierung?"))
    final = fake_api.wait_for("sendMessage", since=mark, timeout=30, where=lambda p: chat(p)
                              and any(d.startswith("fb:") for d in
                                      button_data(p.get("reply_markup"))))[0]

    sent = fake_api.calls_of("sendMessage", since=mark, where=chat)
    edits = fake_api.calls_of("editMessageText", since=mark, where=chat)
    preview = sent[0]
    assert "parse_mode" not in preview.params and "610.799,70" in preview.params["text"]
    assert edits, "the preview was never updated"
    # Edits of the one message stay about a second apart (Telegram throttles faster ones).
    times = [preview.at] + [e.at for e in edits]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.9

    # The last edit turned the preview into the first part of the final answer, in HTML.
    first_part = edits[-1].params
    assert first_part["parse_mode"] == "HTML"
    parts = [first_part] + [c.params for c in sent[1:]]
    assert parts[-1] is final.params and len(parts) >= 3
    visible = []
    for part in parts:
        assert utf16_length(part["text"]) <= MESSAGE_LIMIT
        visible.append(parse_telegram_html(part["text"]))
    assert [bool(p.get("reply_markup")) for p in parts] == [False] * (len(parts) - 1) + [True]
    whole = "\n\n".join(visible)
    assert "Messen & Kooperationsbörsen <kostenlos>" in whole
    assert whole.count("Das Projektbudget von Glokalisierung") == 14 * 3
    assert "Quellen:" in visible[-1] and "Glokalisierung" in visible[-1]
