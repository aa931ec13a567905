"""Issue 11, point 4: rate limits on chat, contact and feedback, and one rating per message.

Before: 300 chats into one session and 300 contact requests in 2 s all succeeded, and one
message could be rated any number of times. The limits here are set low through settings;
the limiter's clock is pinned so a window boundary can never fall between two requests.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bot.core.assistant import Assistant
from bot.core.services.rate_limits import Limit, RateLimiter, counter_key
from bot.web.app import create_app
from bot.web.strings import WEB_STRINGS
from knowledge.db import ContactRequest, FeedbackRecord, RateLimitCounter, forget_database
from knowledge.settings import Settings
from tests.conftest import make_settings

NOW = 1_800_000_030.0  # 30 s into a minute and into an hour window
LIMITS = {
    "LOTSE_RATE_CHAT_SESSION_PER_MINUTE": 3,
    "LOTSE_RATE_CHAT_IP_PER_MINUTE": 5,
    "LOTSE_RATE_CONTACT_SESSION_PER_HOUR": 2,
    "LOTSE_RATE_CONTACT_IP_PER_HOUR": 3,
    "LOTSE_RATE_FEEDBACK_SESSION_PER_MINUTE": 4,
    "LOTSE_RATE_FEEDBACK_IP_PER_MINUTE": 6,
}
GERMAN = "Wer ist Lead Partner von InnoCoopPolSax?"
CONTACT = {"name": "Jana Nováková", "email": "jana@example.cz", "message": "Prosím o radu.",
           "consent": True}


@pytest.fixture(scope="module")
def limited_settings(mini_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
                     ) -> Iterator[Settings]:
    target = tmp_path_factory.mktemp("limits") / "data"
    shutil.copytree(mini_data_dir, target)
    s = make_settings(target, **LIMITS)
    yield s
    forget_database(s)


@pytest.fixture(scope="module")
def limited_assistant(limited_settings: Settings) -> Assistant:
    return Assistant(limited_settings)


def worker(settings: Settings, assistant: Assistant, now: float = NOW) -> FastAPI:
    """One web worker: its own app and limiter object, the shared database."""
    app = create_app(settings, assistant)
    app.state.rate_limiter = RateLimiter(assistant.db, clock=lambda: now)
    return app


def visitor(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def test_chats_into_one_session_are_limited_with_retry_after_in_its_language(
        limited_settings: Settings, limited_assistant: Assistant) -> None:
    app = worker(limited_settings, limited_assistant)
    client = visitor(app, "198.51.100.1")
    first = client.post("/api/chat", json={"question": "Kto prowadził projekt InnoCoopPolSax?"})
    assert first.status_code == 200 and first.json()["language"] == "pl"
    session = first.json()["session_id"]
    # Three chats a minute into the session, each from another address.
    statuses = [visitor(app, f"198.51.100.{n}").post(
        "/api/chat", json={"question": "A budżet?", "session_id": session}).status_code
        for n in (2, 3, 4)]
    assert statuses == [200, 200, 200]
    refused = client.post("/api/chat/stream", json={"question": "A budżet?",
                                                    "session_id": session})
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "30"  # the rest of the minute
    body = refused.json()
    assert body["error"] == "rate_limited" and body["language"] == "pl"
    assert body["message"] == WEB_STRINGS["rate_limited"]["pl"]


def test_chats_from_one_address_are_limited_across_sessions(
        limited_settings: Settings, limited_assistant: Assistant) -> None:
    client = visitor(worker(limited_settings, limited_assistant), "198.51.100.20")
    statuses = [client.post("/api/chat", json={"question": GERMAN},
                            headers={"Accept-Language": "de-DE"}) for _ in range(6)]
    assert [r.status_code for r in statuses] == [200] * 5 + [429]
    assert statuses[-1].json()["message"] == WEB_STRINGS["rate_limited"]["de"]
    # Another address is not affected.
    other = visitor(worker(limited_settings, limited_assistant), "198.51.100.21")
    assert other.post("/api/chat", json={"question": GERMAN}).status_code == 200


def test_contact_requests_are_limited_per_address_and_nothing_more_is_stored(
        limited_settings: Settings, limited_assistant: Assistant) -> None:
    client = visitor(worker(limited_settings, limited_assistant), "198.51.100.30")
    with limited_assistant.db.session() as s:
        before = s.scalar(select(func.count(ContactRequest.id)))
    responses = [client.post("/api/contact", json=CONTACT | {"language": "cs"})
                 for _ in range(5)]
    assert [r.status_code for r in responses] == [201, 201, 201, 429, 429]
    assert responses[-1].json()["message"] == WEB_STRINGS["rate_limited"]["cs"]
    assert int(responses[-1].headers["Retry-After"]) == 3600 - 30
    with limited_assistant.db.session() as s:
        assert s.scalar(select(func.count(ContactRequest.id))) == before + 3


def test_contact_requests_are_limited_per_session(
        limited_settings: Settings, limited_assistant: Assistant) -> None:
    app = worker(limited_settings, limited_assistant)
    session = visitor(app, "198.51.100.40").post(
        "/api/chat", json={"question": GERMAN}).json()["session_id"]
    statuses = [visitor(app, f"198.51.100.{41 + n}").post(
        "/api/contact", json=CONTACT | {"session_id": session}).status_code for n in range(3)]
    assert statuses == [201, 201, 429]


def test_two_workers_share_one_limit_through_the_database(
        limited_settings: Settings, limited_assistant: Assistant) -> None:
    first, second = (visitor(worker(limited_settings, limited_assistant), "198.51.100.50")
                     for _ in range(2))
    assert [first.post("/api/contact", json=CONTACT).status_code for _ in range(2)] == [201] * 2
    assert second.post("/api/contact", json=CONTACT).status_code == 201
    assert second.post("/api/contact", json=CONTACT).status_code == 429
    assert first.post("/api/contact", json=CONTACT).status_code == 429


def test_one_rating_per_message_the_last_counts(
        limited_settings: Settings, limited_assistant: Assistant) -> None:
    client = visitor(worker(limited_settings, limited_assistant), "198.51.100.60")
    answer = client.post("/api/chat", json={"question": GERMAN}).json()
    for rating in ("up", "up", "down"):
        response = client.post("/api/feedback", json={"message_id": answer["message_id"],
                                                      "rating": rating})
        assert response.status_code == 201
    with limited_assistant.db.session() as s:
        rows = s.scalars(select(FeedbackRecord)
                         .where(FeedbackRecord.message_id == answer["message_id"])).all()
    assert [row.rating for row in rows] == ["down"]


def test_feedback_is_limited_per_session(
        limited_settings: Settings, limited_assistant: Assistant) -> None:
    app = worker(limited_settings, limited_assistant)
    answer = visitor(app, "198.51.100.70").post("/api/chat", json={"question": GERMAN}).json()
    statuses = [visitor(app, f"198.51.100.{71 + n}").post(
        "/api/feedback", json={"message_id": answer["message_id"], "rating": "up"}).status_code
        for n in range(5)]
    assert statuses == [201] * 4 + [429]


def test_windows_end_and_old_counters_are_cleared(limited_assistant: Assistant) -> None:
    now = [NOW]
    limiter = RateLimiter(limited_assistant.db, clock=lambda: now[0])
    limit = Limit("probe", 2, 60)
    assert [limiter.hit([(limit, "k")]).allowed for _ in range(3)] == [True, True, False]
    assert limiter.hit([(limit, "k")]).retry_after == 30
    now[0] += 30  # the next minute
    assert limiter.hit([(limit, "k")]).allowed
    now[0] += 120
    limiter._next_cleanup = 0  # the next hit clears ended windows
    limiter.hit([(limit, "other")])
    with limited_assistant.db.session() as s:
        keys = s.scalars(select(RateLimitCounter.key)
                         .where(RateLimitCounter.key.like("probe:%"))).all()
    assert keys == [counter_key(limit, "other")]
    assert "other" not in keys[0], "keys are stored hashed"


def test_a_limit_of_zero_is_no_limit(limited_assistant: Assistant) -> None:
    limiter = RateLimiter(limited_assistant.db, clock=lambda: NOW)
    assert all(limiter.hit([(Limit("off", 0, 60), "k")]).allowed for _ in range(20))
