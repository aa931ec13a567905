"""Golden-set evaluation: ask every question as a user would and check the answer object.

Checks per question (each one only when the question asks for it):
answered (always), language (always), sources (one expected substring in the top 3 sources),
companies (every expected id in the top 5), phrases (every `must_contain` phrase in the answer,
no `must_not_contain` phrase). A question passes when all its checks pass.

Follow-ups: an entry may carry `history: ["earlier message", ...]`. Those messages are asked
first, in order, in one fresh stored conversation (channel "eval"), then `question` in the same
conversation; only the last answer is checked, and the conversation is erased afterwards so that
evaluation leaves nothing in the console's conversation views. Entries without history are asked
unstored.

Besides the pass rate, the totals report `companies_top3`: over the questions that expect
organisations, the share whose answer shows at least one expected id among its first 3
organisations (a user reads the top of the list; the `companies` check stays "each in the top 5").
`None` when no question expects organisations.

Each run is saved as JSON under `<data dir>/eval/`, so the next run of the same golden file can
say what got better and what got worse.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Protocol

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from bot.evaluation.metrics import percentile

CHECKS = ("answered", "language", "sources", "companies", "phrases")

# The golden set that ships with Lotse and the pass rate it meets on the bundled knowledge
# with the offline (extractive) engine; `lotse eval answers ... --min-pass` uses it in CI.
SHIPPED_GOLDEN = Path(__file__).resolve().parents[2] / "knowledge" / "golden" / "golden.yaml"
SHIPPED_MIN_PASS = 0.9


class GoldenFormatError(ValueError):
    """The golden file cannot be used; the message lists every problem by entry."""


class GoldenQuestion(BaseModel):
    # Unknown keys are refused: a typo like `expect_source` would silently disable a check.
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    language: str = Field(min_length=2, max_length=8)
    expect_answered: bool = True
    expect_sources: list[str] = Field(default_factory=list)
    expect_companies: list[str] = Field(default_factory=list)
    must_contain: list[str] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list)
    ask_language: str | None = None  # force the answer language, as a language picker would
    # Earlier user messages of the same conversation, asked before `question` (follow-ups).
    history: list[Annotated[str, StringConstraints(min_length=1)]] = Field(default_factory=list)
    note: str | None = None

    @field_validator("language")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


def load_golden(path: Path) -> list[GoldenQuestion]:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldenFormatError(f"{path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise GoldenFormatError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(raw, list) or not raw:
        raise GoldenFormatError(f"{path}: expected a non-empty YAML list of questions")
    problems: list[str] = []
    questions: list[GoldenQuestion] = []
    seen: set[str] = set()
    for n, entry in enumerate(raw, start=1):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        label = f"entry {n}" + (f" ({entry_id})" if entry_id else "")
        if entry_id is not None:
            if str(entry_id) in seen:
                problems.append(f"{label}: id '{entry_id}' is used twice")
            seen.add(str(entry_id))
        try:
            questions.append(GoldenQuestion.model_validate(entry))
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "entry"
                problems.append(f"{label}: {where}: {err['msg']}")
    if problems:
        raise GoldenFormatError(f"{path}: " + "; ".join(problems))
    return questions


class ErasesSessions(Protocol):
    def erase_session(self, session_id: str) -> bool: ...


class Asks(Protocol):
    """What the evaluation needs of the assistant: `Assistant.ask` with its keywords, and its
    conversation store to erase the sessions that follow-up questions create."""

    conversations: ErasesSessions

    def ask(self, question: str, *, session_id: str | None = ..., language: str | None = ...,
            channel: str = ..., store: bool = ...) -> Any: ...


@dataclass
class QuestionResult:
    id: str
    question: str
    language: str
    passed: bool
    checks: dict[str, bool | None]   # None: not asked for by this question
    failures: list[str]
    answer: str
    answer_language: str
    answered: bool
    sources: list[str]
    companies: list[str]
    latency_ms: float
    # At least one expected organisation among the first 3; None: the question expects none.
    companies_top3: bool | None = None
    history: list[str] = field(default_factory=list)


@dataclass
class RunDiff:
    previous_run: str
    previous_pass_rate: float
    pass_rate_change: float
    newly_passing: list[str] = field(default_factory=list)
    newly_failing: list[str] = field(default_factory=list)
    new_questions: list[str] = field(default_factory=list)
    dropped_questions: list[str] = field(default_factory=list)


@dataclass
class GoldenRun:
    golden_file: str
    started_at: str
    results: list[QuestionResult]
    totals: dict[str, Any]
    by_language: dict[str, dict[str, Any]]
    diff: RunDiff | None = None
    saved_as: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def pass_rate(self) -> float:
        return float(self.totals["pass_rate"])


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def _listed(values: list[str]) -> str:
    """ "a", "b" and "c" as people write a list (failures are read in the console and CLI)."""
    quoted = [f"“{v}”" for v in values]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def translation_originals(assistant: Any) -> dict[str, str]:
    """Document id -> the German original a translated document names (`translation_of`), so a
    translation counts as its original: the question sets name the German files, and a Czech
    question answered from `innocooppolsax.cs.md` found the right document."""
    db = getattr(assistant, "db", None)
    if db is None:
        return {}
    from knowledge.db import DocumentRecord

    with db.session() as s:
        return {r.id: str(r.meta["translation_of"]) for r in s.query(DocumentRecord)
                if r.meta and r.meta.get("translation_of")}


def check_answer(q: GoldenQuestion, answer: Any, originals: dict[str, str] | None = None
                 ) -> tuple[dict[str, bool | None], list[str]]:
    """Score one answer object against its expectations; failures say what was wrong.
    `originals` (see `translation_originals`) lets a translation match as its original."""
    originals = originals or {}
    checks: dict[str, bool | None] = dict.fromkeys(CHECKS)
    failures: list[str] = []
    checks["answered"] = answer.answered == q.expect_answered
    if not checks["answered"]:
        failures.append(f"answered is {answer.answered}, expected {q.expect_answered}")
    checks["language"] = answer.language.lower() == q.language
    if not checks["language"]:
        failures.append(f"answer language is {answer.language}, expected {q.language}")
    if q.expect_sources:
        top = [f"{s.source}\n{s.title}\n{originals.get(s.id, '')}".casefold()
               for s in answer.sources[:3]]
        checks["sources"] = any(want.casefold() in doc for want in q.expect_sources
                                for doc in top)
        if not checks["sources"]:
            got = ", ".join(s.title for s in answer.sources[:3]) or "no sources"
            failures.append(f"none of {_listed(q.expect_sources)} in the top 3 sources "
                            f"(got {got})")
    if q.expect_companies:
        top_ids = [c.id for c in answer.companies[:5]]
        missing = [cid for cid in q.expect_companies if cid not in top_ids]
        checks["companies"] = not missing
        if missing:
            failures.append(f"{_listed(missing)} not in the top 5 organisations "
                            f"(got {_listed(top_ids) or 'none'})")
    if q.must_contain or q.must_not_contain:
        text = _normalise(answer.answer)
        absent = [p for p in q.must_contain if _normalise(p) not in text]
        present = [p for p in q.must_not_contain if _normalise(p) in text]
        checks["phrases"] = not absent and not present
        if absent:
            failures.append(f"the answer lacks {_listed(absent)}")
        if present:
            failures.append(f"the answer contains {_listed(present)}")
    return checks, failures


def companies_in_top3(q: GoldenQuestion, answer: Any) -> bool | None:
    """At least one expected organisation among the first 3 shown; None when none is expected."""
    if not q.expect_companies:
        return None
    first = {c.id for c in answer.companies[:3]}
    return any(cid in first for cid in q.expect_companies)


def _summary(results: list[QuestionResult]) -> dict[str, Any]:
    passed = sum(r.passed for r in results)
    per_check = {}
    for name in CHECKS:
        applicable = [r.checks[name] for r in results if r.checks[name] is not None]
        per_check[name] = {"passed": sum(bool(v) for v in applicable), "total": len(applicable)}
    top3 = [r.companies_top3 for r in results if r.companies_top3 is not None]
    latencies = sorted(r.latency_ms for r in results)
    return {"questions": len(results), "passed": passed,
            "pass_rate": round(passed / len(results), 4) if results else 0.0,
            "checks": per_check,
            "companies_top3": round(sum(top3) / len(top3), 4) if top3 else None,
            "companies_top3_questions": len(top3),
            "latency_p50_ms": round(percentile(latencies, 50), 1),
            "latency_p95_ms": round(percentile(latencies, 95), 1)}


def _ask(assistant: Asks, q: GoldenQuestion) -> tuple[Any, float]:
    """The answer object to check and how long it took in ms: a single unstored question, or
    the last turn of a stored conversation that replays `history` first and is erased after."""
    if not q.history:
        started = time.perf_counter()
        # store=False: evaluation questions are not conversations and must not reach the
        # console's feedback and unanswered-question views.
        answer = assistant.ask(q.question, language=q.ask_language, channel="eval",
                               store=False).answer
        return answer, round((time.perf_counter() - started) * 1000, 1)
    # A follow-up needs its earlier turns stored: the assistant reads them from the session.
    session_id: str | None = None
    try:
        for message in q.history:
            earlier = assistant.ask(message, session_id=session_id, language=q.ask_language,
                                    channel="eval", store=True).answer
            session_id = earlier.session_id
        # Only the checked turn is timed, so latency figures stay per answer.
        started = time.perf_counter()
        answer = assistant.ask(q.question, session_id=session_id, language=q.ask_language,
                               channel="eval", store=True).answer
        return answer, round((time.perf_counter() - started) * 1000, 1)
    finally:
        if session_id:
            assistant.conversations.erase_session(session_id)


Progress = Callable[[int, int, str], None]


def run_golden(assistant: Asks, questions: list[GoldenQuestion], *, golden_file: str = "",
               progress: Progress | None = None) -> GoldenRun:
    started_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    results: list[QuestionResult] = []
    originals = translation_originals(assistant)
    for n, q in enumerate(questions):
        if progress:
            progress(n, len(questions), q.id)
        answer, latency = _ask(assistant, q)
        checks, failures = check_answer(q, answer, originals)
        results.append(QuestionResult(
            id=q.id, question=q.question, language=q.language,
            passed=all(v is not False for v in checks.values()), checks=checks,
            failures=failures, answer=answer.answer, answer_language=answer.language,
            answered=answer.answered, sources=[s.title for s in answer.sources],
            companies=[c.id for c in answer.companies], latency_ms=latency,
            companies_top3=companies_in_top3(q, answer), history=list(q.history)))
    if progress:
        progress(len(questions), len(questions), "")
    languages = sorted({r.language for r in results})
    by_language = {lang: _summary([r for r in results if r.language == lang])
                   for lang in languages}
    return GoldenRun(golden_file=golden_file, started_at=started_at, results=results,
                     totals=_summary(results), by_language=by_language)


# -- run history ------------------------------------------------------------------------------

def history_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "eval"


def previous_run(data_dir: Path, golden_file: str) -> dict[str, Any] | None:
    """The newest saved run of the same golden file, or None."""
    folder = history_dir(data_dir)
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("answers-*.json"), reverse=True):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue  # a half-written or foreign file must not break the next run
        if data.get("golden_file") == golden_file:
            data["_path"] = path.name
            return data
    return None


def compare(run: GoldenRun, previous: dict[str, Any]) -> RunDiff:
    before = {r["id"]: bool(r["passed"]) for r in previous.get("results", [])}
    now = {r.id: r.passed for r in run.results}
    before_rate = float(previous.get("totals", {}).get("pass_rate", 0.0))
    return RunDiff(
        previous_run=str(previous.get("started_at", previous.get("_path", ""))),
        previous_pass_rate=before_rate,
        pass_rate_change=round(run.pass_rate - before_rate, 4),
        newly_passing=[i for i, ok in now.items() if ok and before.get(i) is False],
        newly_failing=[i for i, ok in now.items() if not ok and before.get(i) is True],
        new_questions=[i for i in now if i not in before],
        dropped_questions=[i for i in before if i not in now])


def save_run(run: GoldenRun, data_dir: Path) -> Path:
    folder = history_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = run.started_at.replace(":", "").replace("-", "").replace(".", "")
    path = folder / f"answers-{stamp}.json"
    tmp = path.with_suffix(".part")
    tmp.write_text(json.dumps(run.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)  # readers never see a half-written run
    run.saved_as = str(path)
    return path


def evaluate_golden_file(assistant: Asks, golden_path: Path, data_dir: Path, *,
                         save: bool = True, progress: Progress | None = None) -> GoldenRun:
    """Load, run, compare with the previous run of this file, and save: what CLI and console do."""
    golden_path = Path(golden_path)
    questions = load_golden(golden_path)
    key = str(golden_path.resolve())
    run = run_golden(assistant, questions, golden_file=key, progress=progress)
    previous = previous_run(data_dir, key)
    if previous is not None:
        run.diff = compare(run, previous)
    if save:
        save_run(run, data_dir)
    return run


def list_runs(data_dir: Path, limit: int = 20) -> list[dict[str, Any]]:
    """Summaries of saved runs, newest first (for the console)."""
    folder = history_dir(data_dir)
    if not folder.is_dir():
        return []
    out: list[dict[str, Any]] = []
    for path in sorted(folder.glob("answers-*.json"), reverse=True)[:limit]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        out.append({"file": path.name, "golden_file": data.get("golden_file"),
                    "started_at": data.get("started_at"), "totals": data.get("totals", {})})
    return out
