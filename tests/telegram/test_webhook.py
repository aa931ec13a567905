"""Webhook mode inside the real web app: registered at start-up, secret checked per request."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from bot.core.assistant import Assistant
from bot.telegram.webhook import SECRET_HEADER
from bot.web.app import create_app
from tests.conftest import make_settings
from tests.telegram.conftest import message_update, new_user
from tests.telegram.fake_bot_api import BOT_TOKEN, FakeBotApi

WEBHOOK_URL = "https://lotse.example.org/telegram/webhook"
SECRET = "s3cret-Token_for-tests"


def test_webhook_rejects_wrong_secret_and_processes_right_one(
        telegram_data_dir: Path, fake_api: FakeBotApi, assistant: Assistant) -> None:
    settings = make_settings(telegram_data_dir, TELEGRAM_BOT_TOKEN=BOT_TOKEN,
                             TELEGRAM_API_BASE_URL=fake_api.url,
                             TELEGRAM_WEBHOOK_URL=WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET=SECRET)
    intruder, user = new_user("de"), new_user("pl")
    with TestClient(create_app(settings, assistant)) as client:
        [registered] = fake_api.wait_for("setWebhook")
        assert registered.params["url"] == WEBHOOK_URL
        assert registered.params["secret_token"] == SECRET
        assert fake_api.calls_of("setMyCommands")
        assert not fake_api.calls_of("getUpdates")  # webhook mode never polls

        forged = {"update_id": fake_api.new_update_id(), **message_update(intruder, "/start")}
        assert client.post("/telegram/webhook", json=forged,
                           headers={SECRET_HEADER: "not-the-secret"}).status_code == 403
        assert client.post("/telegram/webhook", json=forged).status_code == 403
        assert client.post("/telegram/webhook", json={"no": "update"},
                           headers={SECRET_HEADER: SECRET}).status_code == 400

        genuine = {"update_id": fake_api.new_update_id(), **message_update(user, "/start")}
        response = client.post("/telegram/webhook", json=genuine,
                               headers={SECRET_HEADER: SECRET})
        assert response.status_code == 200
        [greeting] = fake_api.wait_for(
            "sendMessage", where=lambda p: int(p["chat_id"]) == user["id"])
        assert greeting.params["text"].startswith("Dzień dobry")
        # Updates run concurrently: give a wrongly accepted one a moment to show up too.
        time.sleep(0.3)
    assert not fake_api.calls_of("sendMessage", where=lambda p: int(p["chat_id"]) ==
                                 intruder["id"])


def test_webhook_route_is_absent_without_a_bot(telegram_data_dir: Path,
                                                assistant: Assistant) -> None:
    settings = make_settings(telegram_data_dir)
    with TestClient(create_app(settings, assistant)) as client:
        response = client.post("/telegram/webhook", json={"update_id": 1},
                               headers={SECRET_HEADER: SECRET})
    assert response.status_code == 404
