"""`make bench`: the figures in docs/PERFORMANCE.md, measured on this machine.

1. bootstrap the bundled knowledge and demo organisations (first run only), then time a
   no-change re-ingest;
2. pad the index to 10,000 chunks (synthetic passages whose vectors are real chunk vectors with
   noise, because embedding 10,000 passages on 2 cores would take most of an hour);
3. start `lotse serve` as a separate process and drive /api/chat over HTTP with 4 concurrent
   users for a fixed number of requests: p50/p95 latency, answers per second;
4. read the server's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import numpy as np

if TYPE_CHECKING:
    from knowledge.vectorstore import VectorCollection

QUESTIONS = [
    "Wer ist Lead Partner von InnoCoopPolSax?",
    "Kto prowadził projekt InnoCoopPolSax?",
    "Jaký byl rozpočet projektu Glokalisierung?",
    "How many SMEs took part in THINGS+?",
    "Wo sitzt das TGZ Bautzen?",
    "Ich suche einen Zulieferer für Pulverbeschichtung in Tschechien",
    "Szukam partnera do obróbki CNC w Saksonii, który mówi po polsku",
    "Who can help me export to Czechia?",
    "Was ist Servitisierung?",
    "Jakie usługi oferuje KARR?",
    "Kdo je kontaktní osoba pro veletrhy?",
    "What is Interreg?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lotse(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lotse")
    return subprocess.run([str(exe), *args, "--data-dir", str(data_dir)], check=True,
                          capture_output=True, text=True)


def pad_index(data_dir: Path, target: int) -> int:
    from knowledge.embeddings import get_embedder
    from knowledge.settings import Settings
    from knowledge.vectorstore import DOCUMENTS, forget_chroma_client, open_collection

    settings = Settings(_env_file=None, LOTSE_DATA_DIR=data_dir)  # type: ignore[call-arg]
    try:
        return _pad(open_collection(settings, DOCUMENTS, get_embedder(settings)), target)
    finally:
        # `lotse serve` below owns the index and waits for every other process to let go.
        forget_chroma_client(settings)


def _pad(col: VectorCollection, target: int) -> int:
    have = col.count()
    if have >= target:
        return have
    real = col._col.get(include=["documents", "metadatas", "embeddings"])
    rng = np.random.default_rng(7)
    ids, vecs, texts, metas = [], [], [], []
    for n in range(target - have):
        i = n % len(real["ids"])
        v = np.asarray(real["embeddings"][i]) + rng.normal(0, 0.02, 384)
        ids.append(f"bench-pad-{n}")
        vecs.append(v / np.linalg.norm(v))
        words = real["documents"][i].split()
        random.Random(n).shuffle(words)
        texts.append(" ".join(words))
        metas.append({"doc_id": f"bench-pad-{n // 8}", "title": "Benchmark filler",
                      "source": "benchmark", "language": "de", "position": n % 8,
                      "doc_type": "bench", "region": "", "path": "benchmark"})
    col.upsert(ids, np.asarray(vecs, dtype=np.float32), texts, metas)
    return col.count()


def load(base: str, users: int, per_user: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def user(uid: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as client:
            for n in range(per_user):
                # A unique suffix defeats the query-vector cache: every request embeds.
                q = f"{QUESTIONS[(uid + n) % len(QUESTIONS)]} (#{uid}-{n})"
                t0 = time.perf_counter()
                r = client.post("/api/chat", json={"question": q})
                dt = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(dt)
                    errors += r.status_code != 200

    threads = [threading.Thread(target=user, args=(u,)) for u in range(users)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {
        "requests": len(latencies), "errors": errors, "users": users,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "answers_per_s": round(len(latencies) / wall, 1),
    }


def rss_mb(pid: int) -> tuple[float, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    fields = {line.split(":")[0]: line.split(":")[1].strip() for line in status.splitlines()}
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path, default=Path("/tmp/lotse-bench"))
    ap.add_argument("--chunks", type=int, default=10_000)
    ap.add_argument("--requests-per-user", type=int, default=100)
    args = ap.parse_args()
    data_dir: Path = args.data_dir
    results: dict[str, object] = {"machine": f"{os.cpu_count()} cores"}

    t0 = time.perf_counter()
    lotse("bootstrap", "--quiet", data_dir=data_dir)
    results["bootstrap_s"] = round(time.perf_counter() - t0, 1)
    corpus = Path(__file__).resolve().parents[1] / "knowledge" / "corpus"
    t0 = time.perf_counter()
    lotse("ingest", str(corpus), data_dir=data_dir)
    results["noop_reingest_s"] = round(time.perf_counter() - t0, 2)
    results["chunks"] = pad_index(data_dir, args.chunks)

    port = free_port()
    exe = Path(sys.executable).with_name("lotse")
    # All load comes from one address: the per-address chat limit would turn it into 429s.
    env = dict(os.environ, LOTSE_ANSWER_MODE="extractive", LOTSE_RATE_CHAT_IP_PER_MINUTE="0")
    server = subprocess.Popen([str(exe), "serve", "--data-dir", str(data_dir), "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit("server did not become ready")
        load(base, 4, 5)  # warm-up: first BM25 build, caches
        results["http_4_users"] = load(base, 4, args.requests_per_user)
        rss, peak = rss_mb(server.pid)
        results["server_rss_mb"] = round(rss, 1)
        results["server_peak_rss_mb"] = round(peak, 1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
