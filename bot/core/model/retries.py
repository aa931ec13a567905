"""What goes wrong with a remote model, and what to do about it: retry (with backoff or the
server's Retry-After), give up and fall back, or stop asking an endpoint that keeps failing
(the circuit breaker). Every call gets at most what is left of the turn's time budget."""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from bot.core.contracts import LLMUnavailable

log = logging.getLogger("lotse.llm")

T = TypeVar("T")

# A chat user will not wait minutes: a longer Retry-After means "fall back now".
MAX_RETRY_AFTER_SECONDS = 10.0
BACKOFF_FIRST_SECONDS = 0.25
BACKOFF_MAX_SECONDS = 2.0
# A call with less time than this left in the turn's budget is not worth starting.
MIN_CALL_SECONDS = 0.3


class TurnBudgetExhausted(Exception):
    """The turn's time for the model is used up (raised between streamed chunks)."""


class CircuitBreaker:
    """Stops asking a model endpoint that keeps failing, and probes it again later.

    Closed: every call goes out. After `threshold` failed calls in a row (timeouts, refused
    connections, 5xx, 429) it opens: turns answer extractively at once, without contacting the
    endpoint, so 45 stuck chats do not each wait out the timeout. After `cooldown` seconds it is
    half-open: one call probes; its success closes the breaker, its failure opens it again.
    Shared by all request threads of the process.
    """

    def __init__(self, threshold: int, cooldown: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
        self.clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> Literal["closed", "open", "half-open"]:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            if self._probing or self.clock() - self._opened_at >= self.cooldown:
                return "half-open"
            return "open"

    def allow(self) -> bool:
        """Whether this call may go out; in the half-open state only the first caller probes."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._probing or self.clock() - self._opened_at < self.cooldown:
                return False
            self._probing = True
            return True

    def record_success(self) -> None:
        with self._lock:
            if self._opened_at is not None:
                log.info("the model endpoint answers again: circuit breaker closed")
            self._failures = 0
            self._opened_at = None
            self._probing = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._probing or (self._opened_at is None and self._failures >= self.threshold):
                log.warning("the model endpoint failed %d time(s) in a row: circuit breaker "
                            "open, extractive answers for %g s", self._failures, self.cooldown)
                self._opened_at = self.clock()
            self._probing = False


def call_with_retries(attempt: Callable[[float], T], *, purpose: str,
                      can_retry: Callable[[], bool], deadline: float, max_retries: int,
                      call_timeout: float, turn_budget: float, breaker: CircuitBreaker) -> T:
    """Calls `attempt(timeout)` until it succeeds, within `max_retries`, the `deadline` (each
    call gets at most what is left until then) and the circuit breaker."""
    tries = max(0, max_retries) + 1
    for number in range(1, tries + 1):
        left = deadline - time.monotonic()
        if left < MIN_CALL_SECONDS:
            log.warning("%s not attempted: the turn's budget of %g s is used up",
                        purpose, turn_budget)
            raise LLMUnavailable(f"the turn's budget of {turn_budget:g} s is used up")
        if not breaker.allow():
            raise LLMUnavailable("not asked: the model endpoint keeps failing "
                                 "(circuit breaker open)")
        try:
            result = attempt(min(call_timeout, left))
        except Exception as exc:  # classified below; anything else is a bug, logged whole
            wait, reason, endpoint_fault = classify_failure(exc, number)
            if endpoint_fault:
                breaker.record_failure()
            else:
                breaker.record_success()  # it answered, if not usefully
            left = deadline - time.monotonic()
            if (wait is None or number == tries or not can_retry()
                    or wait + MIN_CALL_SECONDS > left):
                log.warning("%s failed after %d attempt(s): %s", purpose, number, reason)
                raise LLMUnavailable(reason) from exc
            log.info("%s attempt %d failed (%s); retrying in %.2f s",
                     purpose, number, reason, wait)
            time.sleep(wait)
        else:
            breaker.record_success()
            return result
    raise AssertionError("unreachable")


def classify_failure(exc: Exception, attempt: int) -> tuple[float | None, str, bool]:
    """(seconds to wait before retrying or None for no retry, reason for the log, whether
    it counts against the endpoint for the circuit breaker)."""
    import openai

    backoff = min(BACKOFF_FIRST_SECONDS * 2 ** (attempt - 1), BACKOFF_MAX_SECONDS)
    if isinstance(exc, TurnBudgetExhausted):
        return None, str(exc), True
    if isinstance(exc, openai.RateLimitError):
        retry_after = _retry_after(exc)
        if retry_after is None:
            return backoff, "rate limited (429)", True
        if retry_after > MAX_RETRY_AFTER_SECONDS:
            return (None, f"rate limited (429), Retry-After {retry_after:.0f} s is too long",
                    True)
        return (max(retry_after, 0.0), f"rate limited (429), Retry-After {retry_after:g} s",
                True)
    if isinstance(exc, openai.APITimeoutError):
        return backoff, "no reply within the time allowed", True
    if isinstance(exc, openai.APIConnectionError):
        return backoff, "cannot connect to the model server", True
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status >= 500 or status in (408, 409):
            return backoff, f"model server error {status}", True
        return None, f"model server refused the request ({status})", False
    if type(exc).__module__.split(".")[0] in {"httpx", "httpx2", "httpcore", "httpcore2"}:
        # A stream cut or stalled half-way surfaces as the transport's own error.
        return backoff, f"connection broke during the reply ({type(exc).__name__})", True
    if isinstance(exc, openai.APIError):
        return (backoff, f"malformed reply from the model server ({type(exc).__name__})",
                False)
    log.error("unexpected error while calling the model", exc_info=exc)
    return None, f"unexpected {type(exc).__name__}", False


def unreachable(exc: LLMUnavailable) -> bool:
    """The model did not reply in time or could not be reached (not: it replied badly)."""
    import openai

    cause = exc.__cause__
    return isinstance(cause, openai.APIConnectionError | TurnBudgetExhausted) or (  # + timeouts
        cause is not None and type(cause).__module__.split(".")[0] in {"httpx", "httpcore"})


def rejects_tools(exc: LLMUnavailable) -> bool:
    """A 400/422 to a request with tools: the model or server cannot do tool calling."""
    status = getattr(exc.__cause__, "status_code", None)
    return status in (400, 422)


def _retry_after(exc: Any) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return float(value) / divisor
        except ValueError:
            parsed = email.utils.parsedate_tz(value)
            if parsed is not None:
                return float(email.utils.mktime_tz(parsed) - time.time())
    return None
