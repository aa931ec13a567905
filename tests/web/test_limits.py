"""Issue 11, points 2, 3 and 8 at the HTTP boundary: chat work never starves health checks,
advisor requests or static files; request bodies have size and time limits; questions are cut
to the embedder's limit; advisor requests are idempotent and need real consent; every response
carries security headers; the OpenAPI schema says what the API checks."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from starlette.types import Message

from bot.core.assistant import Assistant
from bot.i18n import t
from bot.web.app import create_app
from bot.web.limits import LIMIT_STRINGS, ChatBusy, ChatPool
from bot.web.routes.pages import STATIC_DIR
from bot.web.strings import WEB_STRINGS
from knowledge.db import ContactRequest, forget_database, get_database
from knowledge.settings import Settings
from tests.conftest import make_settings
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.web.conftest import LiveServer, start_live_server

QUESTION_DE = "Wer ist Lead Partner von InnoCoopPolSax?"


def contact(**fields: object) -> dict[str, object]:
    return {"name": "Jana Nováková", "email": "jana@example.cz",
            "message": "Prosím o kontakt.", "language": "cs", "consent": True} | fields


def stored_contacts(settings: Settings) -> int:
    with get_database(settings).session() as s:
        return int(s.scalar(select(func.count(ContactRequest.id))) or 0)


# -- a server whose model endpoint hangs --------------------------------------------------------
@pytest.fixture(scope="module")
def hanging_model() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(responder=lambda request: Reply.hang(60)) as fake:
        yield fake


@pytest.fixture(scope="module")
def stuck_server(mini_data_dir: Path, tmp_path_factory: pytest.TempPathFactory,
                 hanging_model: FakeOpenAIServer) -> Iterator[tuple[LiveServer, Settings]]:
    data_dir = tmp_path_factory.mktemp("stuck") / "data"
    shutil.copytree(mini_data_dir, data_dir)
    settings = make_settings(
        data_dir, OPENAI_BASE_URL=hanging_model.url, OPENAI_API_KEY="test",
        LOTSE_LLM_MODEL="fake-model", LOTSE_LLM_TIMEOUT=30, LOTSE_LLM_MAX_RETRIES=2,
        LOTSE_LLM_TURN_BUDGET=4, LOTSE_LLM_BREAKER_FAILURES=1000,
        LOTSE_CHAT_WORKERS=2, LOTSE_CHAT_QUEUE=6, LOTSE_BODY_TIMEOUT=1,
        LOTSE_API_BODY_MAX_KB=8)
    live, thread = start_live_server(create_app(settings, Assistant(settings)))
    yield live, settings
    live.server.should_exit = True
    thread.join(timeout=15)
    forget_database(settings)


def test_stuck_chats_do_not_starve_health_contact_or_static_files(
        stuck_server: tuple[LiveServer, Settings], hanging_model: FakeOpenAIServer) -> None:
    """Issue 11.2: with 45 chats on a model that never answers, /healthz, /api/contact and
    /widget.js timed out. Now chats run in their own small pool with a bounded queue."""
    live, settings = stuck_server
    # More than FastAPI's 40 worker threads (which also serve /healthz, /api/contact and
    # /widget.js): 2 chat workers + 6 queue places wait for the model, 37 are told to come back.
    chats = 45
    statuses: list[int] = []
    retry_after: list[str] = []
    lock = threading.Lock()

    def chat() -> None:
        response = httpx.post(f"{live.url}/api/chat", json={"question": QUESTION_DE},
                              timeout=120)
        with lock:
            statuses.append(response.status_code)
            if response.status_code == 503:
                retry_after.append(response.headers.get("retry-after", ""))
                assert response.json()["message"] == LIMIT_STRINGS["busy"]["de"] or \
                    response.json()["error"] == "busy"

    threads = [threading.Thread(target=chat) for _ in range(chats)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(hanging_model.chat_requests) < 2:  # both workers are waiting for the model
        assert time.monotonic() < deadline, "the chats never reached the model"
        time.sleep(0.05)
    before = stored_contacts(settings)
    # A generous client timeout: before the change these waited for a free thread (minutes).
    with httpx.Client(base_url=live.url, timeout=10) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/widget.js").status_code == 200
        posted = client.post("/api/contact", json=contact())
        assert posted.status_code == 201, posted.text
        assert client.get("/metrics").status_code == 200
    assert stored_contacts(settings) == before + 1
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [200] * 8 + [503] * 37
    assert retry_after and all(value.isdigit() for value in retry_after)


def test_a_half_sent_body_gets_408_and_its_connection_closed(
        stuck_server: tuple[LiveServer, Settings]) -> None:
    live, _ = stuck_server
    port = int(live.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(b"POST /api/contact HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                     b"\r\nAccept-Language: pl\r\nContent-Length: 200\r\n\r\n{\"name\": \"Ja")
        received = b""
        while True:  # the server answers, then closes; it does not wait for the rest
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408")
    assert LIMIT_STRINGS["request_timeout"]["pl"].encode() in body


def test_a_stalled_form_post_outside_the_api_gets_408_too(
        stuck_server: tuple[LiveServer, Settings]) -> None:
    """Console forms and uploads stream through (no buffering); a pause longer than the body
    time-out between two pieces still ends the request."""
    live, _ = stuck_server
    port = int(live.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(b"POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
                     b"token=abc")
        received = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    assert received.startswith(b"HTTP/1.1 408"), received[:200]


def test_an_oversized_body_is_refused_with_413_before_it_is_read(
        stuck_server: tuple[LiveServer, Settings]) -> None:
    live, settings = stuck_server
    before = stored_contacts(settings)
    big = contact(message="x" * 4000, organisation="y" * 300) | {"name": "z" * 200}
    payload = httpx.Request("POST", "/", json=big).content * 3  # > 8 KB, still JSON-ish
    response = httpx.post(f"{live.url}/api/contact", content=payload, timeout=10,
                          headers={"Content-Type": "application/json",
                                   "Accept-Language": "de"})
    assert response.status_code == 413
    assert response.json()["message"] == LIMIT_STRINGS["request_too_large"]["de"].format(
        limit_kb=8)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts what arrives
        for _ in range(20):
            yield b" " * 1024

    chunked = httpx.post(f"{live.url}/api/chat", content=chunks(), timeout=10,
                         headers={"Content-Type": "application/json"})
    assert chunked.status_code == 413
    assert stored_contacts(settings) == before


# -- the chat pool ------------------------------------------------------------------------------
def test_the_chat_pool_admits_workers_plus_queue_and_frees_places() -> None:
    pool = ChatPool(workers=1, queue=1)
    release = threading.Event()
    first = pool.submit(release.wait, 10)
    second = pool.submit(release.wait, 10)
    with pytest.raises(ChatBusy):
        pool.submit(release.wait, 10)
    release.set()
    assert first.result(timeout=10) and second.result(timeout=10)
    deadline = time.monotonic() + 10
    while pool.admitted:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert pool.submit(lambda: 42).result(timeout=10) == 42
    pool.shutdown()


# -- question length ----------------------------------------------------------------------------
def test_a_very_long_question_is_answered_from_its_beginning_with_a_notice(
        client: TestClient, web_assistant: Assistant) -> None:
    """Issue 11.3: {"question": "a." * 1000} embedded 2000 tokens (18.8 s)."""
    question = QUESTION_DE + " " + "a." * 975  # under the 2000-character hard limit
    response = client.post("/api/chat", json={"question": question, "language": "de"})
    assert response.status_code == 200, response.text
    answer = response.json()["answer"]
    assert answer.startswith(t("question_shortened", "de", words=0).split("(")[0])
    assert "Wirtschaftsförderung Sachsen" in answer


def test_a_question_over_the_hard_limit_is_refused_in_the_visitors_language(
        client: TestClient) -> None:
    response = client.post("/api/chat", json={"question": "a" * 2001, "language": "cs"})
    assert response.status_code == 422
    assert response.json()["language"] == "cs"
    assert "nejvýše 2000 znaků" in response.json()["message"]


# -- advisor requests ---------------------------------------------------------------------------
@pytest.mark.parametrize("consent", ["yes", 1, "true", "1", "on"])
def test_only_a_json_true_is_consent(client: TestClient, web_settings: Settings,
                                     consent: object) -> None:
    before = stored_contacts(web_settings)
    response = client.post("/api/contact", json=contact(consent=consent))
    assert response.status_code == 422
    assert response.json()["language"] == "cs"
    assert stored_contacts(web_settings) == before


def test_a_retry_with_the_same_idempotency_key_stores_one_request(
        client: TestClient, web_settings: Settings) -> None:
    before = stored_contacts(web_settings)
    key = {"Idempotency-Key": "widget-3f1c2a9e-retry"}
    first = client.post("/api/contact", json=contact(), headers=key)
    again = client.post("/api/contact", json=contact(), headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    assert stored_contacts(web_settings) == before + 1

    other = client.post("/api/contact", json=contact(message="Jiná zpráva."), headers=key)
    assert other.status_code == 422
    assert other.json()["message"] == WEB_STRINGS["idempotency_key_reused"]["cs"]
    fresh = client.post("/api/contact", json=contact(),
                        headers={"Idempotency-Key": "widget-another-submission"})
    assert fresh.status_code == 201 and fresh.json()["id"] != first.json()["id"]
    assert stored_contacts(web_settings) == before + 2
    bad_key = client.post("/api/contact", json=contact(), headers={"Idempotency-Key": "x"})
    assert bad_key.status_code == 422


async def test_an_advisor_request_whose_client_left_is_not_stored(
        web_app: FastAPI, web_settings: Settings) -> None:
    """Issue 11.2: a contact request the client gave up on was stored anyway. Driven over
    ASGI: the whole body arrives, then the client is gone before the route stores it."""
    body = json.dumps(contact(message="Prosím, ozvěte se (odešel jsem).")).encode()
    incoming: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/api/contact",
             "raw_path": b"/api/contact", "query_string": b"", "root_path": "",
             "headers": [(b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 50123), "server": ("testserver", 80)}
    before = stored_contacts(web_settings)
    await web_app(scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 499
    assert stored_contacts(web_settings) == before


def test_the_widget_sends_an_idempotency_key_with_the_advisor_form() -> None:
    script = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    assert '"Idempotency-Key": contactKey' in script


# -- security headers ---------------------------------------------------------------------------
def test_every_response_carries_security_headers(client: TestClient) -> None:
    """Issue 11.8: none on /, /docs and the API."""
    responses = {
        "/": client.get("/"), "/docs": client.get("/docs"), "/widget.js": client.get("/widget.js"),
        "/healthz": client.get("/healthz"), "/openapi.json": client.get("/openapi.json"),
        "POST /api/chat (422)": client.post("/api/chat", json={}),
        "/missing (404)": client.get("/no-such-page"),
    }
    for name, response in responses.items():
        headers = response.headers
        assert headers.get("x-content-type-options") == "nosniff", name
        assert headers.get("x-frame-options") == "DENY", name
        assert headers.get("referrer-policy"), name
        assert "frame-ancestors 'none'" in headers.get("content-security-policy", ""), name
    assert responses["POST /api/chat (422)"].headers["content-security-policy"].startswith(
        "default-src 'none'")


def test_the_demo_page_policy_allows_exactly_its_inline_script(client: TestClient) -> None:
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    inline = re.findall(r"<script>(.*?)</script>", page.text, re.S)
    assert inline, "the demo page has an inline script"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_the_docs_page_may_load_swagger_ui_from_its_cdn(client: TestClient) -> None:
    docs = client.get("/docs")
    assert "cdn.jsdelivr.net" in docs.text
    assert "https://cdn.jsdelivr.net" in docs.headers["content-security-policy"]


# -- the schema says what the API checks ----------------------------------------------------------
def test_the_openapi_schema_declares_errors_and_field_rules(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/chat", "/api/chat/stream", "/api/contact"):
        declared = set(schema["paths"][path]["post"]["responses"])
        assert {"400", "413", "422", "429", "503"} <= declared, path
    models = schema["components"]["schemas"]
    contact_fields = models["ContactRequestIn"]["properties"]
    assert contact_fields["consent"]["type"] == "boolean"
    assert "pattern" in contact_fields["email"]
    language = contact_fields["language"]["pattern"]  # applies to the string branch of anyOf
    assert re.fullmatch(language, "pl-PL") and re.fullmatch(language, "auto")
    assert not re.fullmatch(language, "polski!")
    parameters = schema["paths"]["/api/contact"]["post"].get("parameters", [])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in parameters)
