"""Web fixtures: the mini corpus copied to a writable data dir, one assistant, a TestClient
and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.core.assistant import Assistant
from bot.settings import AppSettings
from bot.web.app import create_app
from knowledge.db import forget_database
from tests.conftest import make_settings


@pytest.fixture(scope="session")
def web_data_dir(mini_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ingested mini corpus, copied because these tests write conversations."""
    target = tmp_path_factory.mktemp("web") / "data"
    shutil.copytree(mini_data_dir, target)
    return target


@pytest.fixture(scope="session")
def web_settings(web_data_dir: Path) -> Iterator[AppSettings]:
    s = make_settings(web_data_dir)
    yield s
    forget_database(s)


@pytest.fixture(scope="session")
def web_assistant(web_settings: AppSettings) -> Assistant:
    return Assistant(web_settings)


@pytest.fixture(scope="session")
def web_app(web_settings: AppSettings, web_assistant: Assistant) -> FastAPI:
    return create_app(web_settings, web_assistant)


@pytest.fixture(scope="session")
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    server: uvicorn.Server


def start_live_server(app: FastAPI) -> tuple[LiveServer, threading.Thread]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="info",
                            lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return LiveServer(f"http://127.0.0.1:{port}", server), thread


@pytest.fixture(scope="session")
def live_server(web_app: FastAPI) -> Iterator[LiveServer]:
    live, thread = start_live_server(web_app)
    yield live
    live.server.should_exit = True
    thread.join(timeout=10)


def parse_sse(text: str) -> list[tuple[str, object]]:
    """Server-sent events as (event, decoded JSON data) in arrival order."""
    events: list[tuple[str, object]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip(" "))
        events.append((name, json.loads("\n".join(data))))
    return events
