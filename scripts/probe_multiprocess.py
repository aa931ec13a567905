"""Probe: `lotse ingest`, `--prune` and `companies import` in other processes while `lotse serve`
answers on the same data directory (issue 11, point 1). Prints one JSON object.

Only commands that existed before the fix are used, so the same script measures an old tree:
run it with that tree first on PYTHONPATH (see docs/RELIABILITY.md, "Many processes").

    .venv/bin/python scripts/probe_multiprocess.py [--workdir DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
LOTSE = str(Path(sys.executable).with_name("lotse"))
CORPUS = REPO / "tests" / "data" / "mini_corpus"
PAGE = """---
title: Lusatian hydrogen voucher for craft businesses
---
# Lusatian hydrogen voucher

The Lusatian hydrogen voucher pays craft businesses up to 7,350 euros for a first hydrogen
feasibility study carried out by an accredited engineering office.
"""
QUESTION = "How much does the Lusatian hydrogen voucher pay craft businesses?"
FACT = "7,350"
ORGANISATION = {"id": "probe-h2-cottbus", "name": "Wasserstoffwerkstatt Cottbus GmbH",
                "kind": "company", "country": "DE", "city": "Cottbus",
                "offers": "Wartung von Elektrolyseuren und Wasserstoff-Tankanlagen",
                "languages": ["de", "pl"]}
COMPANY_QUESTION = "Welche Firma bietet Wartung von Elektrolyseuren an?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("LOTSE_", "TELEGRAM_", "OPENAI_"))
            and k not in ("DATABASE_URL", "CHROMA_URL")}


def lotse(*args: str) -> tuple[int, float, str]:
    started = time.monotonic()
    done = subprocess.run([LOTSE, *args], capture_output=True, text=True, env=env(),
                          timeout=600)
    return done.returncode, round(time.monotonic() - started, 1), done.stderr[-500:]


def watch(url: str, until: Any, seconds: float = 20.0,
          question: str = QUESTION) -> dict[str, Any]:
    """Ask every 0.5 s for `seconds`; status counts, seconds to the first reply where
    `until(body)` holds, and /readyz statuses meanwhile."""
    statuses: Counter[int] = Counter()
    ready: Counter[int] = Counter()
    errors: list[str] = []
    first_ok: float | None = None
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        response = httpx.post(f"{url}/api/chat", json={"question": question}, timeout=60)
        statuses[response.status_code] += 1
        if response.status_code == 200:
            if first_ok is None and until(response.json()):
                first_ok = round(time.monotonic() - started, 2)
        elif len(errors) < 1:
            errors.append(response.text[:300])
        ready[httpx.get(f"{url}/readyz", timeout=30).status_code] += 1
        if first_ok is not None and sum(statuses.values()) >= 5:
            break
        time.sleep(0.5)
    return {"chat_statuses": dict(statuses), "readyz_statuses": dict(ready),
            "seconds_to_expected_answer": first_ok, "first_error": errors[0] if errors else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="lotse-probe-mp-"))
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    data_dir, pages = workdir / "data", workdir / "pages"
    pages.mkdir()
    result: dict[str, Any] = {}
    code, took, _ = lotse("ingest", str(CORPUS), "--data-dir", str(data_dir))
    assert code == 0, "the corpus did not ingest"

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (workdir / "serve.log").open("w")
    server = subprocess.Popen([LOTSE, "serve", "--data-dir", str(data_dir), "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, env=env(), cwd=workdir)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "no server"
            time.sleep(0.3)
        result["baseline_chat"] = httpx.post(f"{url}/api/chat", json={"question": QUESTION},
                                             timeout=60).status_code

        (pages / "hydrogen-voucher.md").write_text(PAGE, encoding="utf-8")
        code, took, err = lotse("ingest", str(pages), "--data-dir", str(data_dir))
        result["ingest"] = {"exit": code, "seconds": took, "stderr": err if code else ""}
        result["after_ingest"] = watch(url, lambda body: FACT in body["answer"])

        (pages / "hydrogen-voucher.md").unlink()
        code, took, err = lotse("ingest", str(pages), "--prune", "--data-dir", str(data_dir))
        result["prune"] = {"exit": code, "seconds": took, "stderr": err if code else ""}
        result["after_prune"] = watch(url, lambda body: FACT not in body["answer"])

        orgs = workdir / "organisation.jsonl"
        orgs.write_text(json.dumps(ORGANISATION) + "\n", encoding="utf-8")
        code, took, err = lotse("companies", "import", str(orgs), "--data-dir", str(data_dir))
        result["companies_import"] = {"exit": code, "seconds": took,
                                      "stderr": err if code else ""}
        result["after_import"] = watch(
            url, lambda body: any(c["id"] == ORGANISATION["id"]
                                  for c in body.get("companies", [])),
            question=COMPANY_QUESTION)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    served_log = (workdir / "serve.log").read_text(errors="replace")
    result["server_tracebacks"] = served_log.count("Traceback")
    text = json.dumps(result, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
