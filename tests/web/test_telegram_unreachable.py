"""The website keeps serving when the Telegram bot cannot start (Bot API unreachable)."""

from __future__ import annotations

import socket

from fastapi.testclient import TestClient

from bot.core.assistant import Assistant
from bot.web.app import create_app
from knowledge.settings import Settings
from tests.conftest import make_settings


def refused_url() -> str:
    # A port that was free a moment ago: nothing listens there, so connections are refused.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_web_serves_without_the_bot_when_telegram_is_unreachable(
        web_settings: Settings, web_assistant: Assistant) -> None:
    settings = make_settings(web_settings.data_dir, TELEGRAM_BOT_TOKEN="123:ABC",
                             TELEGRAM_API_BASE_URL=refused_url())
    app = create_app(settings, web_assistant)
    with TestClient(app) as client:
        assert app.state.telegram is None
        answer = client.post("/api/chat", json={"question": "Wer ist Lead Partner von "
                                                            "InnoCoopPolSax?"})
        assert answer.status_code == 200 and answer.json()["answered"] is True
        # No bot running: the webhook route says so instead of processing anything.
        assert client.post("/telegram/webhook", json={"update_id": 1}).status_code == 404
