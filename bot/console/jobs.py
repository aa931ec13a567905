"""Background jobs of the console (ingestion, organisation import, golden-set runs).

Each job runs in its own thread and reports progress the page polls as JSON. Jobs live in
memory on the app (`app.state.console_jobs`): a restart forgets them, their results do not
(documents, organisations and evaluation runs are in the stores).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

log = logging.getLogger("lotse.console.jobs")

# A job's work gets a progress callback and returns its report.
Progress = Callable[[int, int, str], None]
Work = Callable[[Progress], dict[str, Any]]


@dataclass
class Job:
    id: str
    kind: str
    title: str
    status: str = "running"          # running | done | failed
    done: int = 0
    total: int = 0
    current: str = ""
    report: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "status": self.status,
                "done": self.done, "total": self.total, "current": self.current,
                "report": self.report, "error": self.error,
                "seconds": round((self.finished or time.time()) - self.started, 1)}


class JobRunner:
    def __init__(self, keep: int = 50) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._keep = keep

    def start(self, kind: str, title: str, work: Work) -> Job:
        job = Job(id=secrets.token_urlsafe(8), kind=kind, title=title)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                self._jobs.pop(next(iter(self._jobs)))

        def progress(done: int, total: int, current: str) -> None:
            job.done, job.total, job.current = done, total, current

        def run() -> None:
            try:
                job.report = work(progress)
                job.status = "done"
            except Exception as exc:  # the page shows the reason; the log has the traceback
                log.exception("console job %s (%s) failed", job.id, kind)
                job.error = str(exc) or type(exc).__name__
                job.status = "failed"
            finally:
                job.finished = time.time()

        threading.Thread(target=run, name=f"console-{kind}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def running(self, kind: str) -> Job | None:
        with self._lock:
            return next((j for j in reversed(self._jobs.values())
                         if j.kind == kind and j.status == "running"), None)


_create_lock = threading.Lock()


def job_runner(request: Request) -> JobRunner:
    state = request.app.state
    with _create_lock:
        runner = getattr(state, "console_jobs", None)
        if runner is None:
            runner = JobRunner()
            state.console_jobs = runner
        return runner
