"""The chat API through FastAPI's test client, on real stores over the mini corpus."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from bot.core.assistant import Assistant
from bot.i18n import STRINGS, not_found_text
from bot.web.app import create_app
from bot.web.strings import WEB_STRINGS
from knowledge.db import (
    ChatSession,
    ContactRequest,
    FeedbackRecord,
    MessageRecord,
    get_database,
    utcnow,
)
from knowledge.settings import Settings
from tests.conftest import make_settings
from tests.web.conftest import parse_sse

# The contract's keys; `guided` joins them only while the funding finder waits for an answer.
ANSWER_KEYS = {"answer", "language", "mode", "answered", "sources", "companies", "programmes",
               "session_id", "message_id"}
GERMAN = "Wer ist Lead Partner von InnoCoopPolSax?"
POLISH = "Kto jest partnerem wiodącym projektu InnoCoopPolSax?"


def ask(client: TestClient, question: str, **extra: object) -> dict:
    response = client.post("/api/chat", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_chat_returns_the_contract_answer_object(client: TestClient) -> None:
    body = ask(client, GERMAN)
    assert set(body) == ANSWER_KEYS
    assert body["language"] == "de"
    assert body["mode"] == "extractive"
    assert body["answered"] is True
    assert "Wirtschaftsförderung Sachsen" in body["answer"]
    assert body["session_id"].startswith("s_") and body["message_id"].startswith("m_")
    assert body["sources"], "an answered question cites its sources"
    for source in body["sources"]:
        assert set(source) == {"id", "title", "source", "score", "excerpt"}
    assert any("innocooppolsax" in s["source"] for s in body["sources"])


def test_session_carries_on_and_unknown_ids_are_not_adopted(client: TestClient) -> None:
    first = ask(client, GERMAN)
    second = ask(client, "Und wie hoch war das Budget?", session_id=first["session_id"])
    assert second["session_id"] == first["session_id"]
    planted = ask(client, GERMAN, session_id="s_planted_by_someone_else")
    assert planted["session_id"] != "s_planted_by_someone_else"


def test_explicit_language_and_polish_question(client: TestClient) -> None:
    body = ask(client, POLISH)
    assert body["language"] == "pl"
    assert body["answer"].startswith(STRINGS["found_intro"]["pl"])
    forced = ask(client, GERMAN, language="cs")
    assert forced["language"] == "cs"


def test_off_topic_question_is_not_answered_and_points_to_an_advisor(client: TestClient) -> None:
    body = ask(client, "Wie wird das Wetter morgen in Dresden?")
    assert body["answered"] is False
    assert body["answer"] == not_found_text("de", "web")
    # The web names its advisor button; /contact is a command of Telegram and the terminal.
    assert "„Beratung anfragen“" in body["answer"] and "/contact" not in body["answer"]
    assert body["sources"] == []


def test_stream_sends_meta_tokens_sources_companies_done_in_order(client: TestClient) -> None:
    with client.stream("POST", "/api/chat/stream", json={"question": POLISH}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = parse_sse(response.read().decode())
    names = [name for name, _ in events]
    assert names[0] == "meta"
    assert names[-3:] == ["sources", "companies", "done"]
    assert set(names[1:-3]) == {"token"} and len(names) > 10, "the answer streams in pieces"
    meta, done = events[0][1], events[-1][1]
    assert isinstance(meta, dict) and isinstance(done, dict)
    assert set(done) == ANSWER_KEYS
    assert meta["session_id"] == done["session_id"]
    assert meta["language"] == done["language"] == "pl"
    streamed = "".join(data["text"] for name, data in events if name == "token")  # type: ignore[index]
    assert streamed == done["answer"]
    assert events[-3][1] == done["sources"] and done["sources"]
    assert events[-2][1] == done["companies"]


def test_stream_continues_a_session(client: TestClient) -> None:
    first = ask(client, GERMAN)
    with client.stream("POST", "/api/chat/stream",
                       json={"question": GERMAN, "session_id": first["session_id"]}) as response:
        events = parse_sse(response.read().decode())
    assert events[0][1]["session_id"] == first["session_id"]  # type: ignore[index]
    assert events[-1][1]["session_id"] == first["session_id"]  # type: ignore[index]


def test_validation_errors_are_json_with_a_readable_message(client: TestClient) -> None:
    missing = client.post("/api/chat", json={})
    assert missing.status_code == 422
    body = missing.json()
    assert body["error"] == "validation_error"
    assert "question" in body["message"] and body["details"][0]["field"] == "question"
    assert body["language"] == "en"

    blank = client.post("/api/chat", json={"question": "   ", "language": "pl"})
    assert blank.status_code == 422
    assert blank.json()["language"] == "pl"
    assert blank.json()["message"].startswith(WEB_STRINGS["invalid_request"]["pl"])

    too_long = client.post("/api/chat", json={"question": "x" * 2001},
                           headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert too_long.status_code == 422
    assert too_long.json()["message"].startswith(WEB_STRINGS["invalid_request"]["de"])

    bad_language = client.post("/api/chat", json={"question": "Hallo", "language": "<b>"})
    assert bad_language.status_code == 422
    assert "language" in bad_language.json()["message"]

    not_json = client.post("/api/chat", content=b"question=hi",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert not_json.status_code == 422
    assert not_json.json()["error"] == "validation_error"

    stream = client.post("/api/chat/stream", json={"question": ""})
    assert stream.status_code == 422 and stream.json()["error"] == "validation_error"


def test_unknown_route_is_json(client: TestClient) -> None:
    response = client.get("/api/nothing-here", headers={"Accept-Language": "cs"})
    assert response.status_code == 404
    assert response.json()["message"] == WEB_STRINGS["not_found"]["cs"]


def test_feedback_is_stored(client: TestClient, web_settings: Settings) -> None:
    answer = ask(client, GERMAN)
    response = client.post("/api/feedback", json={
        "message_id": answer["message_id"], "session_id": answer["session_id"],
        "rating": "down", "comment": "Bitte mit Budget"})
    assert response.status_code == 201, response.text
    assert response.json()["message"] == WEB_STRINGS["feedback_thanks"]["de"]
    with get_database(web_settings).session() as s:
        rows = s.scalars(select(FeedbackRecord).where(
            FeedbackRecord.message_id == answer["message_id"])).all()
        assert [(r.rating, r.comment, r.session_id) for r in rows] == [
            ("down", "Bitte mit Budget", answer["session_id"])]


def test_feedback_on_unknown_or_foreign_message_is_refused(client: TestClient) -> None:
    unknown = client.post("/api/feedback", json={"message_id": "m_nope", "rating": "up"})
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "message_not_found"
    answer = ask(client, GERMAN)
    other = ask(client, POLISH)
    foreign = client.post("/api/feedback", json={
        "message_id": answer["message_id"], "session_id": other["session_id"], "rating": "up"})
    assert foreign.status_code == 404
    bad_rating = client.post("/api/feedback", json={"message_id": answer["message_id"],
                                                    "rating": "meh"})
    assert bad_rating.status_code == 422


def test_contact_request_is_stored_with_consent(client: TestClient,
                                                web_settings: Settings) -> None:
    answer = ask(client, POLISH)
    response = client.post("/api/contact", json={
        "name": "Anna Nowak", "email": "anna@example.pl", "organisation": "Nowak Sp. z o.o.",
        "message": "Proszę o kontakt w sprawie partnera w Saksonii.", "consent": True,
        "session_id": answer["session_id"]})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["message"] == WEB_STRINGS["contact_received"]["pl"], "language of the session"
    with get_database(web_settings).session() as s:
        stored = s.get(ContactRequest, body["id"])
        assert stored is not None
        assert (stored.name, stored.email, stored.organisation, stored.consent,
                stored.language, stored.session_id, stored.channel, stored.status) == (
            "Anna Nowak", "anna@example.pl", "Nowak Sp. z o.o.", True, "pl",
            answer["session_id"], "web", "new")


def test_contact_without_consent_or_email_is_refused_and_not_stored(
        client: TestClient, web_settings: Settings) -> None:
    with get_database(web_settings).session() as s:
        before = len(s.scalars(select(ContactRequest.id)).all())
    no_consent = client.post("/api/contact", json={
        "name": "Jan", "email": "jan@example.cz", "message": "Prosím o kontakt.",
        "language": "cs", "consent": False})
    assert no_consent.status_code == 422
    assert no_consent.json() | {"details": []} == {
        "error": "consent_required", "message": WEB_STRINGS["consent_required"]["cs"],
        "language": "cs", "details": []}
    bad_email = client.post("/api/contact", json={
        "name": "Jan", "email": "not-an-address", "message": "x", "consent": True})
    assert bad_email.status_code == 422 and "email" in bad_email.json()["message"]
    with get_database(web_settings).session() as s:
        assert len(s.scalars(select(ContactRequest.id)).all()) == before


def test_erasing_a_session_removes_its_turns(client: TestClient, web_settings: Settings,
                                             web_assistant: Assistant) -> None:
    first = ask(client, GERMAN)
    sid = first["session_id"]
    ask(client, "Und das Budget?", session_id=sid)
    client.post("/api/feedback", json={"message_id": first["message_id"], "rating": "up"})
    db = get_database(web_settings)
    with db.session() as s:
        assert len(s.scalars(select(MessageRecord).where(MessageRecord.session_id == sid))
                   .all()) == 4
    response = client.delete(f"/api/sessions/{sid}")
    assert response.status_code == 204
    with db.session() as s:
        assert s.scalars(select(MessageRecord).where(MessageRecord.session_id == sid)).all() == []
        assert s.scalars(select(FeedbackRecord).where(
            FeedbackRecord.session_id == sid)).all() == []
    assert not web_assistant.conversations.session_exists(sid)
    again = client.delete(f"/api/sessions/{sid}")
    assert again.status_code == 404 and again.json()["error"] == "session_not_found"
    fresh = ask(client, GERMAN, session_id=sid)
    assert fresh["session_id"] != sid, "an erased id is never revived"


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["index"] == "ok" and ready.json()["checks"]["passages"] > 0


def test_readyz_fails_when_the_index_is_empty(settings: Settings) -> None:
    with TestClient(create_app(settings)) as empty:
        response = empty.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["index"].startswith("empty")
        assert response.json()["checks"]["database"] == "ok"
        assert empty.get("/healthz").status_code == 200


def test_metrics_count_requests_latency_and_answers(client: TestClient) -> None:
    ask(client, GERMAN)
    ask(client, "Wie wird das Wetter morgen in Dresden?")
    text = client.get("/metrics").text
    assert 'lotse_answers_total{answered="true",channel="web",mode="extractive"}' in text
    assert 'lotse_answers_total{answered="false",channel="web",mode="extractive"}' in text
    assert 'lotse_http_request_duration_seconds_bucket{le="0.15",method="POST",route="/api/chat"}' \
        in text
    assert 'lotse_http_requests_total{method="POST",route="/api/chat",status="200"}' in text
    assert "Wetter" not in text, "visitor text never becomes a label"


def test_cors_only_for_allowed_origins(web_data_dir: Path, web_assistant: Assistant) -> None:
    allowed = "https://www.grenzland-agentur.example"
    app = create_app(make_settings(web_data_dir, LOTSE_ALLOWED_ORIGINS=allowed), web_assistant)
    with TestClient(app) as c:
        ok = c.options("/api/chat", headers={"Origin": allowed,
                                             "Access-Control-Request-Method": "POST"})
        assert ok.headers.get("access-control-allow-origin") == allowed
        other = c.options("/api/chat", headers={"Origin": "https://evil.example",
                                                "Access-Control-Request-Method": "POST"})
        assert other.headers.get("access-control-allow-origin") is None
    with TestClient(create_app(make_settings(web_data_dir), web_assistant)) as closed:
        response = closed.post("/api/chat", json={"question": GERMAN},
                               headers={"Origin": allowed})
        assert "access-control-allow-origin" not in response.headers


def test_old_conversations_are_purged_at_start_up(settings: Settings) -> None:
    app = create_app(settings)
    conversations = app.state.assistant.conversations
    old = conversations.ensure_session(None, "web", "de")
    recent = conversations.ensure_session(None, "web", "de")
    with get_database(settings).session() as s:
        s.execute(update(ChatSession).where(ChatSession.id == old)
                  .values(updated_at=utcnow() - timedelta(days=settings.retention_days + 1)))
    with TestClient(app):
        assert not conversations.session_exists(old)
        assert conversations.session_exists(recent)


def test_demo_page_and_widget_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "widget.js" in page.text
    script = client.get("/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("application/javascript")


def test_a_broken_store_gives_an_apology_in_the_users_language(settings: Settings) -> None:
    """A database that lost a table (a real failure, not a stub): the stream ends with an
    `error` event, the JSON endpoint with a 500, both in the visitor's words, no traceback."""
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as broken:
        with get_database(settings).engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE feedback")
            conn.exec_driver_sql("DROP TABLE messages")
        with broken.stream("POST", "/api/chat/stream",
                           json={"question": "Kto prowadził projekt InnoCoopPolSax?"}) as resp:
            events = parse_sse(resp.read().decode())
        assert [name for name, _ in events] == ["meta", "error"]
        assert events[1][1] == {"message": STRINGS["error"]["pl"], "language": "pl"}

        plain = broken.post("/api/chat", json={"question": "Wer leitet InnoCoopPolSax?"},
                            headers={"Accept-Language": "de"})
        assert plain.status_code == 500
        assert plain.json()["message"] == STRINGS["error"]["de"]
        assert "Traceback" not in plain.text and "messages" not in plain.text
        metrics = broken.get("/metrics").text
        assert 'lotse_answer_errors_total{channel="web"} 2.0' in metrics


def test_readyz_fails_when_the_database_is_unusable(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app) as broken:
        with get_database(settings).engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql("DROP TABLE chat_sessions")
        response = broken.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["database"].startswith("unreachable")


def test_metrics_label_included_routes_with_their_full_path(client: TestClient) -> None:
    """The staff console is included under /admin; its requests must not be counted as the
    demo page "/" or as a bare "/login"."""
    client.get("/admin/login")
    text = client.get("/metrics").text
    assert 'route="/admin/login"' in text
    assert 'route="/login"' not in text


def test_validation_message_reads_wholly_in_the_visitors_language(client: TestClient) -> None:
    """Not a localised first sentence followed by pydantic's English: every part is phrased
    for the visitor; the details keep the exact technical words for scripts."""
    empty = client.post("/api/chat", json={"question": ""},
                        headers={"Accept-Language": "cs-CZ,cs;q=0.9"})
    body = empty.json()
    assert body["language"] == "cs"
    assert body["message"] == (f"{WEB_STRINGS['invalid_request']['cs']} "
                               "(question: je prázdné nebo příliš krátké)")
    assert "String should have" in body["details"][0]["problem"]

    rating = client.post("/api/feedback", json={"message_id": "m_x", "rating": "meh"},
                         headers={"Accept-Language": "pl"})
    assert "rating: musi mieć jedną z wartości: 'up' or 'down'" in rating.json()["message"]

    long = client.post("/api/chat", json={"question": "x" * 2001, "language": "de"})
    assert "question: ist zu lang (höchstens 2000 Zeichen)" in long.json()["message"]

    broken = client.post("/api/chat", content=b"{not json",
                         headers={"Content-Type": "application/json",
                                  "Accept-Language": "de"})
    assert broken.json()["message"].endswith("(ist kein gültiges JSON)")
    assert broken.json()["details"][0]["field"] == "body"

    for response in (empty, rating, long, broken):
        assert "should" not in response.json()["message"]
