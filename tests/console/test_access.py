"""Nobody without the admin token gets anything from the console; forms need their CSRF token."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer

from bot.web.app import create_app
from tests.conftest import make_settings
from tests.console.conftest import TOKEN, admin_routes, concrete, csrf_of, log_in

# Public on purpose: the login form itself and the stylesheet/script it needs.
PUBLIC = {("GET", "/admin/login"), ("POST", "/admin/login"), ("GET", "/admin/static/{name}")}


def test_the_console_routes_are_found(console_app: FastAPI) -> None:
    routes = admin_routes(console_app)
    assert len(routes) >= 20
    assert ("POST", "/admin/knowledge/upload") in routes
    assert ("GET", "/admin/conversations/export.csv") in routes


def test_every_admin_route_is_refused_without_a_session(console_app: FastAPI,
                                                        anonymous: TestClient) -> None:
    for method, path in admin_routes(console_app):
        if (method, path) in PUBLIC:
            continue
        response = anonymous.request(method, concrete(path), follow_redirects=False,
                                     data={"csrf_token": "x", "question": "q"})
        if method == "GET":
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/admin/login?next="), path
        else:
            assert response.status_code == 401, (method, path, response.status_code)


def test_a_session_signed_for_another_token_is_refused(console_app: FastAPI) -> None:
    client = TestClient(console_app)
    # Everything a session needs, signed with the key a different admin token would give.
    import hashlib

    key = hashlib.sha256(b"lotse-console-session\0" + b"some-other-token").hexdigest()
    forged = URLSafeTimedSerializer(key, salt="lotse-console").dumps(
        {"csrf": "c", "staff": True, "fp": "x"})
    client.cookies.set("lotse_admin", forged, path="/admin")
    for method, path in admin_routes(console_app):
        if (method, path) in PUBLIC:
            continue
        response = client.request(method, concrete(path), follow_redirects=False,
                                  data={"csrf_token": "c"}, headers={"x-csrf-token": "c"})
        assert response.status_code in (303, 401), (method, path, response.status_code)


def test_a_wrong_token_does_not_log_in(anonymous: TestClient) -> None:
    response = log_in(anonymous, token="not-the-token")
    assert response.status_code == 401
    assert "That token is not right" in response.text
    assert anonymous.get("/admin/playground", follow_redirects=False).status_code == 303
    assert log_in(anonymous, token="").status_code == 401


def test_login_needs_the_forms_csrf_token(anonymous: TestClient) -> None:
    anonymous.get("/admin/login")
    response = anonymous.post("/admin/login", data={"token": TOKEN}, follow_redirects=False)
    assert response.status_code == 403
    assert anonymous.get("/admin/", follow_redirects=False).status_code == 303


def test_login_sets_a_strict_http_only_cookie(anonymous: TestClient) -> None:
    response = log_in(anonymous)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/admin" in cookie
    page = anonymous.get("/admin/playground")
    assert page.status_code == 200 and "Playground" in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_login_redirects_only_inside_the_console(anonymous: TestClient) -> None:
    page = anonymous.get("/admin/login")
    response = anonymous.post("/admin/login", data={
        "token": TOKEN, "csrf_token": csrf_of(page.text), "next": "https://evil.example/"},
        follow_redirects=False)
    assert response.headers["location"] == "/admin/"


def test_every_form_post_without_the_csrf_token_is_refused(console_app: FastAPI,
                                                           staff: TestClient) -> None:
    posts = [(m, p) for m, p in admin_routes(console_app) if m == "POST"
             and (m, p) not in PUBLIC]
    assert len(posts) >= 10
    for method, path in posts:
        for data in ({}, {"csrf_token": "wrong"}):
            response = staff.request(method, concrete(path), data=data | {"status": "done"},
                                     follow_redirects=False)
            assert response.status_code == 403, (path, data, response.status_code)
            assert "security token" in response.text


def test_changing_the_admin_token_ends_every_session(console_app: FastAPI,
                                                     console_settings, console_assistant,
                                                     staff: TestClient) -> None:
    rotated = create_app(console_settings.model_copy(
        update={"admin_token": make_settings(console_settings.data_dir,
                                             LOTSE_ADMIN_TOKEN="a-new-token").admin_token}),
        console_assistant)
    moved = TestClient(rotated)
    moved.cookies = staff.cookies
    assert moved.get("/admin/", follow_redirects=False).status_code == 303
    assert staff.get("/admin/", follow_redirects=False).status_code == 200


@pytest.fixture
def disabled_app(console_settings, console_assistant) -> FastAPI:  # type: ignore[no-untyped-def]
    settings = make_settings(console_settings.data_dir)
    assert settings.admin_token is None
    return create_app(settings, console_assistant)


def test_without_a_token_every_page_says_how_to_enable_the_console(disabled_app: FastAPI
                                                                   ) -> None:
    client = TestClient(disabled_app)
    for method, path in admin_routes(disabled_app):
        if path == "/admin/static/{name}":
            continue
        response = client.request(method, concrete(path), follow_redirects=False,
                                  data={"csrf_token": "x", "token": ""})
        assert response.status_code == 503, (method, path, response.status_code)
        assert "console is disabled" in response.text and "LOTSE_ADMIN_TOKEN" in response.text
    # Even a token that would have been right elsewhere does not open it.
    assert log_in_disabled(client).status_code == 503


def log_in_disabled(client: TestClient):  # type: ignore[no-untyped-def]
    return client.post("/admin/login", data={"token": TOKEN, "csrf_token": "x"},
                       follow_redirects=False)
