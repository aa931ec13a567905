"""Issue 11, point 1: `lotse ingest` in another process while `lotse serve` answers.

Before the fix, the CLI opened the same embedded Chroma directory as the server; the server's
in-memory index no longer matched the files and every later chat answered 500 ("Error finding
id") until a restart, while /readyz still said ready.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.scaleout.conftest import (
    ServeProcess,
    ask,
    launch_serve,
    lotse_env,
    run_lotse,
    staff_upload,
    start_serve,
    wait_ready,
)

HYDROGEN_PAGE = """---
title: Lusatian hydrogen voucher for craft businesses
---
# Lusatian hydrogen voucher

The Lusatian hydrogen voucher pays craft businesses up to 7,350 euros for a first hydrogen
feasibility study carried out by an accredited engineering office.

Applications are received by the Energy Agency Lusatia in Cottbus, which answers within four
weeks and names an adviser for the study.
"""
QUESTION = "How much does the Lusatian hydrogen voucher pay craft businesses?"
FACT = "7,350"


def answer_containing(server: ServeProcess, fact: str, present: bool,
                      within_s: float = 20) -> dict:
    """Ask until the answer does (or no longer does) contain `fact`; every reply must be 200."""
    deadline = time.monotonic() + within_s
    while True:
        response = ask(server.url, QUESTION)
        assert response.status_code == 200, (response.status_code, response.text, server.log)
        body = response.json()
        if (fact in body["answer"]) == present:
            return body
        assert time.monotonic() < deadline, (body, server.log[-3000:])
        time.sleep(0.5)


def test_cli_ingest_and_prune_while_the_server_answers(
        private_data_dir: Path, tmp_path: Path, serve_processes: list[ServeProcess]) -> None:
    server = start_serve(private_data_dir, tmp_path / "logs")
    serve_processes.append(server)
    assert ask(server.url, QUESTION).status_code == 200  # the server has its index loaded

    pages = tmp_path / "pages"
    pages.mkdir()
    page = pages / "hydrogen-voucher.md"
    page.write_text(HYDROGEN_PAGE, encoding="utf-8")
    started = time.monotonic()
    ingest = run_lotse("ingest", str(pages), "--data-dir", str(private_data_dir))
    ingest_took = time.monotonic() - started
    assert ingest.returncode == 0, ingest.stderr
    assert "added" in ingest.stdout

    ingested_at = time.monotonic()
    body = answer_containing(server, FACT, present=True)
    print(f"new document answered {time.monotonic() - ingested_at:.1f} s after `lotse ingest` "
          f"exited ({ingest_took:.1f} s for the command)")
    assert body["answered"] is True
    assert any("hydrogen" in s["source"] for s in body["sources"]), body["sources"]
    ready = httpx.get(f"{server.url}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"]["passages"] > 0

    page.unlink()
    prune = run_lotse("ingest", str(pages), "--prune", "--data-dir", str(private_data_dir))
    assert prune.returncode == 0, prune.stderr
    pruned_at = time.monotonic()
    body = answer_containing(server, FACT, present=False)
    print(f"pruned document gone from answers {time.monotonic() - pruned_at:.1f} s after "
          "`lotse ingest --prune` exited")
    assert not any("hydrogen" in s["source"] for s in body["sources"]), body["sources"]
    assert "Traceback" not in server.log


HOLD_INDEX = """
import sys
from pathlib import Path
from knowledge.vectorstore import get_chroma_client
from knowledge.settings import Settings
settings = Settings(_env_file=None, LOTSE_DATA_DIR=Path(sys.argv[1]))
get_chroma_client(settings).heartbeat()
print("holding", flush=True)
sys.stdin.read()
"""


def test_serve_waits_for_an_embedded_user_of_the_index_then_owns_it(
        private_data_dir: Path, tmp_path: Path, serve_processes: list[ServeProcess]) -> None:
    # Another process (say, a `lotse chat` without a server) has the index open embedded.
    holder = subprocess.Popen([sys.executable, "-c", HOLD_INDEX, str(private_data_dir)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env=lotse_env(), cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        server = launch_serve(private_data_dir, tmp_path / "logs")
        serve_processes.append(server)
        deadline = time.monotonic() + 60
        while f"process {holder.pid}" not in server.log:
            assert server.process.poll() is None, server.log
            assert time.monotonic() < deadline, server.log
            time.sleep(0.2)
        assert "Waiting for other Lotse processes" in server.log
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{server.url}/readyz", timeout=2)  # not serving the index beside it
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    wait_ready(server)
    assert ask(server.url, QUESTION).status_code == 200


def test_a_second_serve_on_the_same_directory_shares_the_first_ones_index(
        private_data_dir: Path, tmp_path: Path, serve_processes: list[ServeProcess]) -> None:
    """Two workers on one machine and one data directory: the second uses the Chroma server
    of the first; a page uploaded in the second's console is answered by the first."""
    env = lotse_env(LOTSE_ADMIN_TOKEN="one-machine-token")
    first = start_serve(private_data_dir, tmp_path / "logs", env)
    serve_processes.append(first)
    second = start_serve(private_data_dir, tmp_path / "logs", env)
    serve_processes.append(second)
    assert "served by another Lotse server" in second.log

    staff_upload(second.url, "one-machine-token", "hydrogen-voucher.md", HYDROGEN_PAGE)
    body = answer_containing(first, FACT, present=True, within_s=90)
    assert body["answered"] is True
    assert "Traceback" not in first.log + second.log
