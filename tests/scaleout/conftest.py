"""Real processes for the multi-process tests: `lotse serve` and `lotse ingest` as users start
them, each in its own interpreter, on a data directory the test process does not hold open."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import free_port

LOTSE = str(Path(sys.executable).with_name("lotse"))
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def lotse_env(**extra: str) -> dict[str, str]:
    """The caller's environment without Lotse/Telegram settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LOTSE_", "TELEGRAM_", "OPENAI_"))
           and k not in ("DATABASE_URL", "CHROMA_URL")}
    env.update(extra)
    return env


def run_lotse(*args: str, env: dict[str, str] | None = None,
              timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LOTSE, *args], capture_output=True, text=True, timeout=timeout,
                          env=env or lotse_env())


@dataclass
class ServeProcess:
    """`lotse serve` in its own process; `log` is everything it printed so far."""

    process: subprocess.Popen[str]
    url: str
    log_path: Path
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def launch_serve(data_dir: Path, log_dir: Path,
                 env: dict[str, str] | None = None) -> ServeProcess:
    """Start `lotse serve` without waiting for it (several start side by side)."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"serve-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [LOTSE, "serve", "--data-dir", str(data_dir), "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, text=True, env=env or lotse_env(),
            cwd=log_dir)
    return ServeProcess(process, f"http://127.0.0.1:{port}", log_path)


def wait_ready(server: ServeProcess, timeout: float = 120) -> ServeProcess:
    """Wait until the server's /readyz says ready."""
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise AssertionError(f"lotse serve exited with {server.process.returncode}:\n"
                                 f"{server.log}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise AssertionError(f"lotse serve never became ready:\n{server.log}")
        time.sleep(0.3)


def start_serve(data_dir: Path, log_dir: Path, env: dict[str, str] | None = None,
                timeout: float = 120) -> ServeProcess:
    """Start `lotse serve` and wait until /readyz says ready."""
    return wait_ready(launch_serve(data_dir, log_dir, env), timeout)


@pytest.fixture
def serve_processes() -> Iterator[list[ServeProcess]]:
    """Every server a test starts is stopped at its end, whatever happened."""
    started: list[ServeProcess] = []
    yield started
    for server in started:
        server.stop()


@pytest.fixture
def private_data_dir(mini_data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the ingested mini corpus that no other process has open."""
    target = tmp_path / "data"
    shutil.copytree(mini_data_dir, target)
    return target


def staff_upload(url: str, admin_token: str, name: str, content: str) -> None:
    """Log in to the staff console and upload one file (the console ingests it)."""
    with httpx.Client(base_url=url, timeout=60) as console:
        page = console.get("/admin/login")
        login = console.post("/admin/login", data={
            "token": admin_token, "csrf_token": _CSRF.search(page.text).group(1)})  # type: ignore[union-attr]
        assert login.status_code == 303, login.text
        page = console.get("/admin/knowledge")
        upload = console.post("/admin/knowledge/upload",
                              data={"csrf_token": _CSRF.search(page.text).group(1)},  # type: ignore[union-attr]
                              files={"files": (name, content.encode(), "text/markdown")})
        assert upload.status_code == 303, upload.text


def ask(url: str, question: str, **extra: object) -> httpx.Response:
    return httpx.post(f"{url}/api/chat", json={"question": question, **extra}, timeout=60)


@dataclass
class ChromaServer:
    """Chroma's own server (`chroma run` from the chromadb package) on 127.0.0.1."""

    path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ChromaServer:
        from knowledge.chroma_server import heartbeat

        chroma = Path(sys.executable).with_name("chroma")
        log = (self.path.parent / f"chroma-{self.port}.log").open("ab")
        self.process = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1",
             "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 60
        while not heartbeat(self.url, timeout=1):
            assert self.process.poll() is None, "chroma run exited"
            assert time.monotonic() < deadline, "chroma run never answered its heartbeat"
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma-server").start()
    yield server
    server.stop()
