"""`lotse serve`: one uvicorn process with the whole web face (and Telegram when configured)."""

from __future__ import annotations

import logging

from bot.web.settings import WebFaceSettings
from knowledge.chroma_server import index_served_by_this_process


def serve(settings: WebFaceSettings, host: str | None = None, port: int | None = None) -> None:
    host = host or settings.host
    port = port or settings.port
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # The embedded index gets Chroma's own server beside this process, so `lotse ingest`,
    # imports and other commands can write to it while we answer (Chroma's embedded mode is
    # not safe for several processes on one directory).
    with index_served_by_this_process(
            settings, notify=lambda message: print(message, flush=True)) as served:
        _run(served, host, port)


def _run(settings: WebFaceSettings, host: str, port: int) -> None:
    import uvicorn

    from bot.web.app import create_app

    print("Loading the assistant (embedder and stores)…", flush=True)
    app = create_app(settings)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    base = f"http://{shown_host}:{port}"
    print(f"Starting Lotse on {host}:{port}. Open {base}/ in your browser "
          f"(demo page with the chat widget; API docs at {base}/docs, "
          f"staff console at {base}/admin/).", flush=True)
    # Access log lines carry method, path and status only: visitor text travels in POST
    # bodies, which uvicorn never logs.
    uvicorn.run(app, host=host, port=port, workers=1, log_level="info",
                proxy_headers=True, server_header=False)
