"""/readyz follows the vector store: not ready while Chroma cannot serve, ready again (and
answering) once it is back, without restarting Lotse."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from bot.web.app import create_app
from ingestion.pipeline import Ingestor
from knowledge.chroma_server import published_path
from knowledge.db import forget_database
from knowledge.embeddings import Embedder
from tests.conftest import MINI_CORPUS, make_settings
from tests.scaleout.conftest import ChromaServer, ServeProcess, ask, start_serve

QUESTION = "Wer ist Lead Partner von InnoCoopPolSax?"


def test_readyz_says_not_ready_while_the_chroma_server_is_down(
        chroma_server: ChromaServer, tmp_path: Path, embedder: Embedder) -> None:
    settings = make_settings(tmp_path / "data", CHROMA_URL=chroma_server.url)
    try:
        assert not Ingestor(settings, embedder).ingest([MINI_CORPUS]).failed
        with TestClient(create_app(settings)) as client:
            assert client.get("/readyz").status_code == 200

            chroma_server.stop()
            down = client.get("/readyz")
            assert down.status_code == 503
            assert down.json()["checks"]["index"].startswith("unreachable")
            assert down.json()["checks"]["database"] == "ok"

            chroma_server.start()  # same path, same port: the client reconnects by itself
            assert client.get("/readyz").status_code == 200
            answer = client.post("/api/chat", json={"question": QUESTION})
            assert answer.status_code == 200
            assert "Wirtschaftsförderung Sachsen" in answer.json()["answer"]
    finally:
        forget_database(settings)


def test_lotse_serve_restarts_the_chroma_server_it_started(
        private_data_dir: Path, tmp_path: Path, serve_processes: list[ServeProcess]) -> None:
    server = start_serve(private_data_dir, tmp_path / "logs")
    serve_processes.append(server)
    published = json.loads(published_path(private_data_dir / "chroma").read_text())
    assert published["host_pid"] == server.process.pid
    first_chroma = published["chroma_pid"]

    os.kill(first_chroma, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while "restarting it on" not in server.log:
        assert time.monotonic() < deadline, server.log[-3000:]
        time.sleep(0.2)
    while httpx.get(f"{server.url}/readyz", timeout=10).status_code != 200:
        assert time.monotonic() < deadline, server.log[-3000:]
        time.sleep(0.2)
    response = ask(server.url, QUESTION)
    assert response.status_code == 200 and response.json()["answered"] is True

    server.stop()
    # The Chroma server goes with the Lotse server, and so does the published address.
    assert not published_path(private_data_dir / "chroma").exists()
