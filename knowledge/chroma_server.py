"""One process owns an embedded Chroma directory; every other process goes through it.

Chroma is thread-safe but not process-safe: two processes with a `PersistentClient` on the
same directory each keep their own in-memory HNSW index and write the same files. A running
server then fails on ids another process added ("Error finding id") and concurrent writers can
corrupt the index. So, for a data directory without `CHROMA_URL`:

- `lotse serve` (and `lotse telegram`) is the *host*: it takes the directory exclusively
  (`chroma.lock`), starts Chroma's own server (`chroma run`, shipped with the chromadb
  package) on it, bound to 127.0.0.1 on a free port, publishes the address in
  `chroma-server.json` and talks to it over HTTP like every other process. If that server dies
  it is restarted on the same port.
- Every other process (`lotse ingest`, `companies import`, `ask`, `eval`, a second `serve`)
  first looks for a host: if one holds the directory, it becomes a client of the published
  server; otherwise it opens the directory embedded, holding a shared lock that a host waits
  for. Embedded processes may share the directory with each other as before (one writer at a
  time is the user's affair without a server); they never share it with a host.

The locks are `flock(2)` locks: the kernel drops them when a process ends, however it ends, so a
crashed host never blocks the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx

from knowledge.settings import Settings

log = logging.getLogger("lotse.chroma")

LOCK_NAME = "chroma.lock"
PUBLISHED_NAME = "chroma-server.json"
SERVER_LOG_NAME = "chroma-server.log"
STARTUP_TIMEOUT_S = 60.0


class IndexBusy(RuntimeError):
    """The embedded index is held by a host that publishes no reachable server."""


@dataclass
class LocalStore:
    """How this process reaches an embedded directory: a server's URL, or the files
    themselves under a shared lock (kept open for as long as the process uses them)."""

    url: str | None
    lock_fd: int | None = None


def lock_path(chroma_dir: Path) -> Path:
    return chroma_dir.parent / LOCK_NAME


def published_path(chroma_dir: Path) -> Path:
    return chroma_dir.parent / PUBLISHED_NAME


def _open_lock(chroma_dir: Path) -> int:
    chroma_dir.parent.mkdir(parents=True, exist_ok=True)
    return os.open(lock_path(chroma_dir), os.O_RDWR | os.O_CREAT, 0o644)


def _try_lock(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def heartbeat(url: str, timeout: float = 2.0) -> bool:
    try:
        return httpx.get(f"{url}/api/v2/heartbeat", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def _published_url(chroma_dir: Path) -> str | None:
    try:
        info = json.loads(published_path(chroma_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = info.get("url") if isinstance(info, dict) else None
    return url if isinstance(url, str) else None


def lock_holders(chroma_dir: Path) -> list[int]:
    """Process ids holding the lock file (Linux `/proc/locks`; empty elsewhere), so a waiting
    host can say whom it waits for."""
    try:
        inode = os.stat(lock_path(chroma_dir)).st_ino
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return []
    holders: list[int] = []
    for line in lines:
        parts = line.split()
        # "1: FLOCK  ADVISORY  READ  1234 08:01:5678 0 EOF"; waiting entries carry "->".
        if "->" in parts or len(parts) < 6 or parts[1] != "FLOCK":
            continue
        if parts[5].rsplit(":", 1)[-1] == str(inode) and parts[4].isdigit():
            holders.append(int(parts[4]))
    return sorted(set(holders) - {os.getpid()})


def attach_local_store(chroma_dir: Path, timeout: float = STARTUP_TIMEOUT_S) -> LocalStore:
    """Reach the embedded directory from a non-host process (see the module docstring)."""
    fd = _open_lock(chroma_dir)
    deadline = time.monotonic() + timeout
    while True:
        if _try_lock(fd, fcntl.LOCK_SH):
            return LocalStore(url=None, lock_fd=fd)
        # Only a host takes the lock exclusively; it publishes its server once it is up.
        url = _published_url(chroma_dir)
        if url and heartbeat(url):
            os.close(fd)
            return LocalStore(url=url)
        if time.monotonic() > deadline:
            os.close(fd)
            raise IndexBusy(
                f"The index in {chroma_dir} is held by another Lotse server (process "
                f"{', '.join(map(str, lock_holders(chroma_dir))) or 'unknown'}), but its Chroma "
                f"server does not answer at {url or '(not published yet)'}. Wait for it to "
                "finish starting, or stop it.")
        time.sleep(0.2)


def release_local_store(store: LocalStore) -> None:
    if store.lock_fd is not None:
        with contextlib.suppress(OSError):
            os.close(store.lock_fd)
        store.lock_fd = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the Chroma server gets SIGTERM when the Lotse process that started it dies, even
    by SIGKILL; otherwise an orphan would keep the directory open beside the next owner."""
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


# `chroma run` from the installed chromadb package, whatever the venv's bin directory is.
_CHROMA_MAIN = "import sys; from chromadb.cli.cli import app; sys.argv[0] = 'chroma'; app()"


class ChromaServerHost:
    """Owns one embedded Chroma directory for `lotse serve` (see the module docstring)."""

    def __init__(self, chroma_dir: Path) -> None:
        self.chroma_dir = chroma_dir.resolve()
        self.url: str | None = None
        self.owner = False  # False: another host owns the directory; we are its client
        self.restarts = 0
        self._fd: int | None = None
        self._port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._watchdog: threading.Thread | None = None

    def start(self, notify: Callable[[str], None] = print) -> str:
        """Own the directory and serve it (waiting for embedded users to finish), or join the
        host that already does; returns the Chroma server's URL."""
        fd = _open_lock(self.chroma_dir)
        announced_at = 0.0
        while True:
            if _try_lock(fd, fcntl.LOCK_EX):
                break
            if not _try_lock(fd, fcntl.LOCK_SH):
                # Another host holds it exclusively: share its server instead of fighting.
                url = _published_url(self.chroma_dir)
                if url and heartbeat(url):
                    os.close(fd)
                    self.url = url
                    notify(f"The index in {self.chroma_dir} is served by another Lotse server "
                           f"({url}); using it.")
                    return url
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)  # only embedded users: wait for them to end
            if time.monotonic() - announced_at > 10:
                holders = ", ".join(map(str, lock_holders(self.chroma_dir))) or "unknown"
                notify(f"Waiting for other Lotse processes using {self.chroma_dir} to finish "
                       f"(process {holders}: `lotse ingest`, `lotse chat`, ...).")
                announced_at = time.monotonic()
            time.sleep(0.2)
        self._fd = fd
        self.owner = True
        # An address left behind by a host that crashed must not be taken for ours.
        published_path(self.chroma_dir).unlink(missing_ok=True)
        self._port = _free_port()
        self.url = f"http://127.0.0.1:{self._port}"
        try:
            self._launch()
        except BaseException:
            self.stop()
            raise
        self._publish()
        self._watchdog = threading.Thread(target=self._supervise, name="chroma-watchdog",
                                          daemon=True)
        self._watchdog.start()
        return self.url

    def _publish(self) -> None:
        # Written whole, then renamed: a reader never sees half a file.
        tmp = published_path(self.chroma_dir).with_suffix(".tmp")
        tmp.write_text(json.dumps({"url": self.url, "host_pid": os.getpid(),
                                   "chroma_pid": self._process.pid if self._process else None}),
                       encoding="utf-8")
        tmp.replace(published_path(self.chroma_dir))

    def _launch(self) -> None:
        assert self._port is not None and self.url is not None
        self.chroma_dir.mkdir(parents=True, exist_ok=True)
        server_log = (self.chroma_dir.parent / SERVER_LOG_NAME).open("ab")
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _CHROMA_MAIN, "run", "--path", str(self.chroma_dir),
                 "--host", "127.0.0.1", "--port", str(self._port)],
                stdin=subprocess.DEVNULL, stdout=server_log, stderr=subprocess.STDOUT,
                # The child shares our lock: if we die first, the directory stays locked until
                # Chroma has really stopped (it takes a second or two after the signal).
                pass_fds=(self._fd,) if self._fd is not None else (),
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        finally:
            server_log.close()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not heartbeat(self.url, timeout=1.0):
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"Chroma's server did not start on {self.url} (exit status "
                    f"{self._process.poll()}); see {self.chroma_dir.parent / SERVER_LOG_NAME}")
            time.sleep(0.1)
        log.info("chroma server for %s listening on %s (pid %s)", self.chroma_dir, self.url,
                 self._process.pid)

    def _supervise(self) -> None:
        # Runs in one long-lived thread: Linux ties the child's parent-death signal to the
        # thread that started it, so restarts must come from a thread that stays alive.
        while not self._stopping.is_set():
            process = self._process
            if process is None:
                return
            status = process.wait()
            if self._stopping.is_set():
                return
            log.error("the chroma server exited with status %s; restarting it on %s",
                      status, self.url)
            while not self._stopping.is_set():
                try:
                    self._launch()
                    self.restarts += 1
                    self._publish()
                    break
                except Exception:
                    log.exception("the chroma server could not be restarted; retrying")
                    self._stopping.wait(2.0)

    def stop(self) -> None:
        self._stopping.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.owner:
            with contextlib.suppress(FileNotFoundError):
                published_path(self.chroma_dir).unlink()
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


# The faces' settings (bot/settings.py) extend the core's; the copy keeps the caller's class.
AnySettings = TypeVar("AnySettings", bound=Settings)


@contextmanager
def index_served_by_this_process(settings: AnySettings,
                                 notify: Callable[[str], None] = print) -> Iterator[AnySettings]:
    """For a long-running process (`lotse serve`, `lotse telegram`): own the embedded index
    and serve it (or join the process that does), yielding settings that point at the Chroma
    server. With `CHROMA_URL` set there is nothing to own."""
    if settings.chroma_url:
        yield settings
        return
    host = ChromaServerHost(settings.chroma_dir)
    url = host.start(notify)
    try:
        yield settings.model_copy(update={"chroma_url": url})
    finally:
        host.stop()
