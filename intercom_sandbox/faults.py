"""Rate limiting and injected failures: the two ways the sandbox makes clients earn their retries."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

from .clock import SandboxClock
from .config import RATE_LIMIT_WINDOW_SECONDS, UNLIMITED_RATE_LIMIT


@dataclass(frozen=True)
class RateLimitState:
    allowed: bool
    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }


class RateLimiter:
    """Fixed 10-second windows aligned to the clock, like Intercom's per-window counter."""

    def __init__(self, limit: int | None, clock: SandboxClock) -> None:
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = 0
        self._count = 0

    def _roll(self) -> int:
        now = int(self._clock.time())
        start = now - now % RATE_LIMIT_WINDOW_SECONDS
        if start != self._window_start:
            self._window_start, self._count = start, 0
        return start

    def _state(self, allowed: bool) -> RateLimitState:
        limit = self.limit if self.limit is not None else UNLIMITED_RATE_LIMIT
        return RateLimitState(
            allowed=allowed,
            limit=limit,
            remaining=max(0, limit - self._count),
            reset=self._window_start + RATE_LIMIT_WINDOW_SECONDS,
        )

    def hit(self) -> RateLimitState:
        """Count one API request; refused requests do not use up the window."""
        with self._lock:
            self._roll()
            if self.limit is not None and self._count >= self.limit:
                return self._state(allowed=False)
            self._count += 1
            return self._state(allowed=True)

    def peek(self) -> RateLimitState:
        """Current headers for responses that are not API calls (OAuth pages, sandbox controls)."""
        with self._lock:
            self._roll()
            return self._state(allowed=True)


# (status, code, message) of the failures Intercom's edge really produces.
_FAULTS = (
    (500, "server_error", "Internal server error (injected by the sandbox)"),
    (503, "service_unavailable", "Service unavailable (injected by the sandbox)"),
)


class FaultInjector:
    """Decides, reproducibly from the seed, which API requests fail with a 5xx."""

    def __init__(self, rate: float, random_seed: int) -> None:
        self.rate = rate
        self._rng = random.Random(f"faults:{random_seed}")
        self._lock = threading.Lock()

    def draw(self) -> tuple[int, str, str] | None:
        if self.rate <= 0:
            return None
        with self._lock:
            if self._rng.random() >= self.rate:
                return None
            return self._rng.choice(_FAULTS)
