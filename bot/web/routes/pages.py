"""GET / (the demo agency homepage) and GET /widget.js (the embeddable chat widget)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse

from bot.i18n import SUPPORTED

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
# Where widget.js holds the list of languages the server fills in.
WIDGET_LANGUAGES_SLOT = '/* first-class languages */ ["en"]'

router = APIRouter(tags=["widget"])


@router.get("/", response_class=FileResponse, include_in_schema=False)
def demo_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})


@lru_cache(maxsize=1)
def widget_source() -> tuple[str, str]:
    """widget.js with the first-class languages of the one registry in it, and its ETag.
    Read once per process: the file ships with the package."""
    text = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    if WIDGET_LANGUAGES_SLOT not in text:
        raise RuntimeError(f"widget.js has no {WIDGET_LANGUAGES_SLOT!r} to fill in")
    text = text.replace(WIDGET_LANGUAGES_SLOT, json.dumps(list(SUPPORTED)), 1)
    return text, '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


@router.get("/widget.js", response_class=Response,
            responses={200: {"content": {"application/javascript": {}}}})
def widget_script(request: Request) -> Response:
    """The chat widget: one `<script src=".../widget.js" data-...>` tag on any page."""
    text, etag = widget_source()
    headers = {"Cache-Control": "public, max-age=300", "ETag": etag,
               "X-Content-Type-Options": "nosniff"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(text, media_type="application/javascript; charset=utf-8", headers=headers)
