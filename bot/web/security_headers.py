"""Security headers on every response; a route that sets its own (the console) keeps them.

Content-Security-Policy by what a path serves:
- the demo page `/`: scripts only from this server plus the page's one inline script, allowed
  by its hash (computed from the file at start-up, so editing the page cannot silently break
  it); inline styles are allowed because the widget styles its shadow root with a <style>;
- the console `/admin`: nothing inline, nothing from elsewhere (its routes send the same);
- the API docs `/docs` and `/redoc`: FastAPI's pages load Swagger UI / ReDoc from
  cdn.jsdelivr.net and start them with an inline script, so those are allowed there only
  (the browser of whoever reads the docs fetches them; the server never does);
- everything else (JSON, the widget script, metrics): `default-src 'none'`.
No page may be framed: the widget is a script on the host page, not an iframe.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

_CONSOLE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
_DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
             "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net "
             "https://fonts.googleapis.com; font-src 'self' https://fonts.gstatic.com; "
             "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
             "worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; "
             "base-uri 'none'; object-src 'none'")
_API_CSP = "default-src 'none'; frame-ancestors 'none'"

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def page_csp(page: Path) -> str:
    """The policy for a page of ours: its inline scripts allowed by hash, nothing else inline."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")))
    return (f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
            "form-action 'self'; base-uri 'none'; object-src 'none'")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, demo_page: Path) -> None:
        self.app = app
        self.demo_csp = page_csp(demo_page)

    def policy_for(self, path: str) -> str:
        if path == "/":
            return self.demo_csp
        if path == "/admin" or path.startswith("/admin/"):
            return _CONSOLE_CSP
        if path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
            return _DOCS_CSP
        return _API_CSP

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.policy_for(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _COMMON.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)
