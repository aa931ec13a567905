"""`lotse telegram`: the bot alone in its own process, long polling until SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.telegram.conftest import message_update, new_user
from tests.telegram.fake_bot_api import BOT_TOKEN, FakeBotApi


def test_lotse_telegram_polls_answers_and_stops_on_sigterm(telegram_data_dir: Path,
                                                           fake_api: FakeBotApi) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_API_BASE_URL": fake_api.url}
    for name in ("TELEGRAM_WEBHOOK_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "telegram", "--data-dir", str(telegram_data_dir)],
        env=env, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    try:
        fake_api.wait_for("getUpdates", timeout=60)
        assert len(fake_api.calls_of("setMyCommands")) == 5
        user = new_user("de")
        fake_api.push_update(message_update(user, "/start"))
        [greeting] = fake_api.wait_for("sendMessage", timeout=30)
        assert greeting.params["text"].startswith("Hallo Anna!")
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "Lotse is listening on Telegram as @lotse_test_bot" in stderr
    assert "Traceback" not in stderr
