"""Probes for issue 11, points 2, 3 and 8 (deadlines, bounded cost per request, HTTP hygiene),
as recorded in docs/RELIABILITY.md. Runs real uvicorn servers in this process on a fresh data
directory with the small test corpus and prints one JSON object:

- server A: default settings, the model endpoint a local fake OpenAI server that never answers;
- server B: default settings, no model (extractive answers).

    .venv/bin/python scripts/probe_deadlines.py --output /tmp/probe-deadlines.json

It uses only APIs that existed before the fixes, so the same script measures an older checkout
too (run it with PYTHONPATH=<that checkout>).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import uvicorn

REPO = Path(__file__).resolve().parents[1]
MINI_CORPUS = REPO / "tests" / "data" / "mini_corpus"
GERMAN = "Wer ist Lead Partner von InnoCoopPolSax?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(app: Any) -> tuple[str, uvicorn.Server, threading.Thread]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def via(visitor: int) -> dict[str, str]:
    # One client address per request (uvicorn trusts X-Forwarded-For from 127.0.0.1), so
    # per-address rate limits, where they exist, do not shape these figures.
    return {"x-forwarded-for": f"198.51.{visitor // 250}.{visitor % 250 + 1}"}


def timed(call: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        response = call()
    except httpx.TimeoutException:
        return {"status": "client timeout", "seconds": round(time.perf_counter() - started, 2)}
    except httpx.TransportError as exc:
        return {"status": type(exc).__name__, "seconds": round(time.perf_counter() - started, 2)}
    return {"status": response.status_code, "seconds": round(time.perf_counter() - started, 2)}


def count(values: list[Any]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for value in values:
        counted[str(value)] = counted.get(str(value), 0) + 1
    return counted


def open_descriptors() -> int:
    """Sockets and files this process holds (server, stores, clients); Linux only."""
    return len(list(Path("/proc/self/fd").iterdir()))


def contact(marker: str, **extra: Any) -> dict[str, Any]:
    return {"name": "Probe", "email": "probe@example.de", "message": marker,
            "language": "de", "consent": True} | extra


def rows(database: Path, marker: str) -> int:
    with sqlite3.connect(database) as raw:
        return int(raw.execute("SELECT COUNT(*) FROM contact_requests WHERE message LIKE ?",
                               (marker + "%",)).fetchone()[0])


def half_sent_body(url: str, cap: float = 30.0) -> dict[str, Any]:
    """Seconds until the server answers or closes a request whose body never completes."""
    host, port = url.removeprefix("http://").split(":")
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=cap) as sock:
        sock.sendall(b"POST /api/contact HTTP/1.1\r\nHost: probe\r\nContent-Type: "
                     b"application/json\r\nContent-Length: 200\r\n\r\n{\"name\": \"Pro")
        try:
            first = sock.recv(200)
        except TimeoutError:
            return {"held_open_seconds": f">= {cap:g}", "answer": None}
    status = first.split(b"\r\n", 1)[0].decode(errors="replace") if first else "closed"
    return {"held_open_seconds": round(time.perf_counter() - started, 2), "answer": status}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lotse-probe-deadlines"))
    parser.add_argument("--chats", type=int, default=45)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--part", choices=["all", "model", "requests"], default="all",
                        help="model: server A only (slow before the fixes); requests: B only")
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    data_dir = args.workdir / "data"

    from bot.settings import AppSettings as Settings  # the web app reads the faces' settings too
    from ingestion.pipeline import Ingestor
    from knowledge.embeddings import get_embedder
    from tests.fakes.openai_server import FakeOpenAIServer, Reply

    plain = Settings(_env_file=None, LOTSE_DATA_DIR=data_dir)  # type: ignore[call-arg]
    Ingestor(plain, get_embedder(plain)).ingest([MINI_CORPUS])
    database = data_dir / "lotse.db"
    report: dict[str, Any] = {}
    if args.part != "requests":
        with FakeOpenAIServer(responder=lambda request: Reply.hang(600)) as hanging:
            with_model = Settings(  # type: ignore[call-arg]
                _env_file=None, LOTSE_DATA_DIR=data_dir, OPENAI_BASE_URL=hanging.url,
                OPENAI_API_KEY="probe", LOTSE_LLM_MODEL="fake-model")
            probe_model_endpoint(args, with_model, hanging, database, report)
    if args.part != "model":
        probe_requests(plain, database, report)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    print(text)


def probe_model_endpoint(args: argparse.Namespace, with_model: Any, hanging: Any,
                         database: Path, report: dict[str, Any]) -> None:
    from bot.web.app import create_app
    from tests.fakes.openai_server import Reply

    url, server, thread = start(create_app(with_model))
    client = httpx.Client(base_url=url, timeout=200)
    # Warm (the first turn of a process loads indexes): the model answers this one only.
    hanging.add(Reply.text("Lead Partner ist die Wirtschaftsförderung Sachsen [1]."))
    client.post("/api/chat", json={"question": GERMAN}, headers=via(0))
    descriptors_idle = open_descriptors()

    # --- 2. one chat while the model never answers --------------------------------------
    one = timed(lambda: client.post("/api/chat", json={"question": GERMAN},
                                    headers=via(1)))
    report["one_chat_hanging_model"] = one

    # --- 2. many chats at once; what else still answers meanwhile -----------------------
    model_requests_before = len(hanging.chat_requests)
    pool = ThreadPoolExecutor(max_workers=args.chats)
    started = time.perf_counter()
    chats = [pool.submit(timed, lambda n=n: client.post(
        "/api/chat", json={"question": GERMAN}, headers=via(100 + n)))
        for n in range(args.chats)]
    time.sleep(3)  # the chats are waiting for the model by now
    with httpx.Client(base_url=url, timeout=10) as side:
        report["during_chats_client_timeout_10s"] = {
            "GET /healthz": timed(lambda: side.get("/healthz")),
            "GET /readyz": timed(lambda: side.get("/readyz")),
            "GET /metrics": timed(lambda: side.get("/metrics")),
            "GET /widget.js": timed(lambda: side.get("/widget.js")),
            "POST /api/contact": timed(lambda: side.post(
                "/api/contact", json=contact("probe-during-chats"), headers=via(2))),
        }
    # A visitor whose browser gives up after 3 s, and sends the form again once.
    with httpx.Client(base_url=url, timeout=3) as impatient:
        gave_up = [timed(lambda: impatient.post(
            "/api/contact", json=contact("probe-gave-up"),
            headers=via(3) | {"Idempotency-Key": "probe-retry-key-0001"}))
            for _ in range(2)]
    results = [c.result() for c in chats]
    report["chats_at_once"] = {
        "sent": args.chats, "statuses": count([r["status"] for r in results]),
        "slowest_seconds": max(r["seconds"] for r in results),
        "all_done_seconds": round(time.perf_counter() - started, 1),
        "model_requests": len(hanging.chat_requests) - model_requests_before}
    time.sleep(2)  # requests the server still had queued are stored by now
    report["contact_client_gave_up_and_retried"] = {
        "client_saw": [g["status"] for g in gave_up],
        "rows_stored": rows(database, "probe-gave-up"),
        "rows_stored_during_chats_request": rows(database, "probe-during-chats")}
    client.close()
    pool.shutdown(wait=True)
    hanging.stop()  # its handlers that were still "thinking" close their sockets
    time.sleep(3)
    report["open_descriptors"] = {"idle": descriptors_idle,
                                  "after_all_requests_ended": open_descriptors()}
    server.should_exit = True
    thread.join(timeout=30)


def probe_requests(plain: Any, database: Path, report: dict[str, Any]) -> None:
    from bot.web.app import create_app

    url, server, thread = start(create_app(plain))
    client = httpx.Client(base_url=url, timeout=200)
    try:
        client.post("/api/chat", json={"question": GERMAN}, headers=via(4))  # warm

        # --- 3. long questions ----------------------------------------------------------------
        normal = [timed(lambda n=n: client.post("/api/chat", json={"question": GERMAN},
                                                headers=via(10 + n))) for n in range(3)]
        report["normal_question_idle_seconds"] = sorted(r["seconds"] for r in normal)[1]
        long_question = {"question": "a." * 1000}
        report["long_question_alone"] = timed(lambda: client.post(
            "/api/chat", json=long_question, headers=via(20)))
        with ThreadPoolExecutor(max_workers=7) as pool:
            # Six different questions: the embedder's query cache must not answer them.
            longs = [pool.submit(timed, lambda n=n: client.post(
                "/api/chat", json={"question": f"{n}." + "a." * 999}, headers=via(30 + n)))
                for n in range(6)]
            time.sleep(0.5)
            during = timed(lambda: client.post("/api/chat", json={"question": GERMAN},
                                               headers=via(40)))
            report["six_long_questions_at_once"] = {
                "slowest_seconds": max(f.result()["seconds"] for f in longs),
                "normal_question_meanwhile": during}

        # --- 8. smaller points ---------------------------------------------------------------
        report["half_sent_body"] = half_sent_body(url)
        consent = {}
        for value in ("yes", 1):
            response = client.post("/api/contact", json=contact(f"probe-consent-{value}",
                                                                consent=value),
                                   headers=via(50))
            consent[json.dumps(value)] = {"status": response.status_code,
                                          "rows": rows(database, f"probe-consent-{value}")}
        report["consent_not_true"] = consent
        big = client.post("/api/chat", content=b"{\"question\": \"" + b"x" * 1_000_000 + b"\"}",
                          headers={"Content-Type": "application/json"} | via(51))
        report["one_megabyte_body"] = big.status_code
        schema = client.get("/openapi.json").json()
        chat_ops = schema["paths"]["/api/chat"]["post"]["responses"]
        contact_props = schema["components"]["schemas"]["ContactRequestIn"]["properties"]
        report["openapi"] = {
            "chat_declares": sorted(chat_ops),
            "email_pattern": "pattern" in contact_props["email"],
            "language_pattern": "pattern" in contact_props["language"]}
        headers = {}
        for name, response in (("/", client.get("/")), ("/docs", client.get("/docs")),
                                ("POST /api/chat", client.post("/api/chat", json={}))):
            headers[name] = sorted(h for h in ("content-security-policy", "x-frame-options",
                                               "x-content-type-options", "referrer-policy")
                                   if h in response.headers)
        report["security_headers"] = headers
    finally:
        client.close()
        server.should_exit = True
        thread.join(timeout=30)


if __name__ == "__main__":
    main()
