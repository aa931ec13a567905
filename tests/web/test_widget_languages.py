"""GET /widget.js carries the server's first-class languages (knowledge/languages.py), so the
widget never keeps a list of its own."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.web.routes.pages import STATIC_DIR, WIDGET_LANGUAGES_SLOT, router
from knowledge.languages import FIRST_CLASS


def widget_client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def test_the_served_widget_lists_the_registrys_languages() -> None:
    with widget_client() as client:
        response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert f"var SUPPORTED = {json.dumps(list(FIRST_CLASS))};" in response.text
    assert WIDGET_LANGUAGES_SLOT not in response.text
    # The file on disk keeps the slot and no list of its own.
    on_disk = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    assert on_disk.count(WIDGET_LANGUAGES_SLOT) == 1
    assert response.text == on_disk.replace(WIDGET_LANGUAGES_SLOT,
                                            json.dumps(list(FIRST_CLASS)))


def test_a_cached_widget_is_revalidated_by_its_etag() -> None:
    with widget_client() as client:
        first = client.get("/widget.js")
        etag = first.headers["etag"]
        again = client.get("/widget.js", headers={"If-None-Match": etag})
        other = client.get("/widget.js", headers={"If-None-Match": '"something-else"'})
    assert again.status_code == 304 and again.content == b""
    assert other.status_code == 200 and other.text == first.text
    assert first.headers["cache-control"] == "public, max-age=300"
