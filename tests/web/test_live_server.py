"""The same API through a real uvicorn server on 127.0.0.1 (sockets, chunked SSE, logs)."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import LiveServer, free_port, parse_sse

GERMAN = "Wer ist Lead Partner von InnoCoopPolSax?"
SECRET_QUESTION = "Welche Förderung bekommt die Bäckerei Zuckerschnecke in Görlitz?"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def server_logs() -> Iterator[_Collect]:
    """Everything the server logs (uvicorn's access log does not propagate to the root)."""
    handler = _Collect()
    loggers = [logging.getLogger(n) for n in ("uvicorn.access", "uvicorn.error", "lotse")]
    old_levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield handler
    for lg, level in zip(loggers, old_levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_chat_over_a_real_socket(live_server: LiveServer) -> None:
    response = httpx.post(f"{live_server.url}/api/chat", json={"question": GERMAN}, timeout=30)
    assert response.status_code == 200
    body = response.json()
    assert body["answered"] is True and body["language"] == "de"
    assert "Wirtschaftsförderung Sachsen" in body["answer"]


def test_stream_arrives_in_order_over_a_real_socket(live_server: LiveServer) -> None:
    names: list[str] = []
    raw = ""
    with httpx.stream("POST", f"{live_server.url}/api/chat/stream",
                      json={"question": "Jaký je rozpočet projektu Glokalisierung?"},
                      timeout=30) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        chunks = 0
        for chunk in response.iter_text():
            chunks += 1
            raw += chunk
    events = parse_sse(raw)
    names = [name for name, _ in events]
    assert names[0] == "meta" and names[-3:] == ["sources", "companies", "done"]
    assert chunks > 1, "events are flushed as they are produced, not in one body"
    done = events[-1][1]
    assert isinstance(done, dict) and done["language"] == "cs" and "610.799,70" in done["answer"]


def test_logs_do_not_contain_visitor_text(live_server: LiveServer,
                                          server_logs: _Collect) -> None:
    httpx.post(f"{live_server.url}/api/chat", json={"question": SECRET_QUESTION}, timeout=30)
    with httpx.stream("POST", f"{live_server.url}/api/chat/stream",
                      json={"question": SECRET_QUESTION}, timeout=30) as response:
        response.read()
    httpx.post(f"{live_server.url}/api/contact", timeout=30, json={
        "name": "Erika Zuckerschnecke", "email": "erika@example.de",
        "message": SECRET_QUESTION, "consent": True})
    time.sleep(0.2)  # the access log line is written after the response
    logged = "\n".join(server_logs.lines)
    assert "/api/chat" in logged, "the access log is on"
    assert "Zuckerschnecke" not in logged


def test_four_concurrent_users(live_server: LiveServer) -> None:
    """A smoke check of the threadpool path (the real figures come from `make bench`)."""
    questions = [GERMAN, "Kto jest partnerem wiodącym projektu InnoCoopPolSax?",
                 "Jaký je rozpočet projektu Glokalisierung?",
                 "Who is the contact person for trade fairs at WFS?"]
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()

    def user(question: str) -> None:
        with httpx.Client(base_url=live_server.url, timeout=30) as http:
            for _ in range(5):
                started = time.perf_counter()
                response = http.post("/api/chat", json={"question": question})
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if response.status_code != 200:
                        failures.append(response.status_code)

    threads = [threading.Thread(target=user, args=(q,)) for q in questions]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not failures
    assert len(latencies) == 20
    print(f"4 users: p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")


def test_widget_and_demo_page_over_a_real_socket(live_server: LiveServer) -> None:
    page = httpx.get(f"{live_server.url}/", timeout=10)
    assert page.status_code == 200 and "/widget.js" in page.text
    script = httpx.get(f"{live_server.url}/widget.js", timeout=10)
    assert script.status_code == 200 and "attachShadow" in script.text


def test_lotse_serve_prints_the_url_and_serves(mini_data_dir: Path, tmp_path: Path) -> None:
    """`lotse serve` as users start it: one process, the URL to open on stdout."""
    data_dir = tmp_path / "data"
    shutil.copytree(mini_data_dir, data_dir)
    port = free_port()
    lotse = Path(sys.executable).with_name("lotse")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOTSE_", "TELEGRAM_"))}
    process = subprocess.Popen(
        [str(lotse), "serve", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    try:
        assert process.stdout is not None
        printed = ""
        deadline = time.monotonic() + 60
        while f"http://127.0.0.1:{port}/" not in printed:
            line = process.stdout.readline()
            assert line and time.monotonic() < deadline, f"no URL printed:\n{printed}"
            printed += line
        url = f"http://127.0.0.1:{port}"
        while True:
            try:
                ready = httpx.get(f"{url}/readyz", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.2)
        assert ready.status_code == 200
        answer = httpx.post(f"{url}/api/chat", json={"question": GERMAN}, timeout=30).json()
        assert answer["answered"] is True
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
