"""Retry policy as small pure functions, plus the clock the client sleeps on.

Tests swap the clock for a fake one, so a 429 that asks for a 7-second wait is checked in
microseconds; jitter lives in one function for the same reason.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from dataclasses import dataclass
from typing import Protocol

import httpx

from . import _constants as c


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = c.MAX_RETRIES
    initial_delay: float = c.INITIAL_RETRY_DELAY
    max_delay: float = c.MAX_RETRY_DELAY
    max_rate_limit_wait: float = c.MAX_RATE_LIMIT_WAIT
    max_total_wait: float = c.MAX_TOTAL_RETRY_WAIT


NO_RETRIES = RetryPolicy(max_retries=0)


def add_jitter(delay: float) -> float:
    """Spread simultaneous retries apart by up to a quarter of the delay."""
    return delay + random.uniform(0, delay * 0.25)


def should_retry_status(status: int, method: str) -> bool:
    """429 is always safe to repeat (nothing was done); 5xx only for idempotent methods.

    409 and the other 4xx are never retried: the same request would fail the same way, and a
    409 on create means the record already exists.
    """
    if status == 429:
        return True
    return status >= 500 and method.upper() in c.IDEMPOTENT_METHODS


def is_unsent_error(exc: httpx.TransportError) -> bool:
    """True when the request never reached Intercom, so any method may be sent again."""
    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def backoff_delay(attempt: int, policy: RetryPolicy) -> float:
    return add_jitter(min(policy.initial_delay * (2**attempt), policy.max_delay))


def rate_limit_delay(
    headers: httpx.Headers, now: float, attempt: int, policy: RetryPolicy
) -> float:
    """How long to wait after a 429: Retry-After, else until X-RateLimit-Reset, else backoff."""
    retry_after = _finite(headers.get("retry-after"))
    if retry_after is not None:
        return min(max(retry_after, 0.0), policy.max_rate_limit_wait)
    reset = _finite(headers.get("x-ratelimit-reset"))
    if reset is not None:
        wait = reset - now
        if wait >= 0:
            # A small jitter after the reset so parallel flows do not stampede the new window.
            return min(wait + add_jitter(0.05) , policy.max_rate_limit_wait)
    return backoff_delay(attempt, policy)


def _finite(header: str | None) -> float | None:
    """A header's number; None when absent, not a number, or NaN/infinite (nothing to wait for)."""
    try:
        value = float(header) if header else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None
