"""GET / (the demo agency homepage) and GET /widget.js (the embeddable chat widget)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"

router = APIRouter(tags=["widget"])


@router.get("/", response_class=FileResponse, include_in_schema=False)
def demo_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})


@router.get("/widget.js", response_class=FileResponse)
def widget_script() -> FileResponse:
    """The chat widget: one `<script src=".../widget.js" data-...>` tag on any page."""
    return FileResponse(STATIC_DIR / "widget.js",
                        media_type="application/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300",
                                 "X-Content-Type-Options": "nosniff"})
