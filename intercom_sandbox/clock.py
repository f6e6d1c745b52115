"""A clock the tests can stop and move, so day boundaries and rate-limit windows are reproducible."""

from __future__ import annotations

import threading
import time

SECONDS_PER_DAY = 86_400


class SandboxClock:
    """Unix-seconds clock: follows wall time plus an offset, or stays frozen at a set instant."""

    def __init__(self, frozen_at: int | None = None) -> None:
        self._lock = threading.Lock()
        self._frozen_at: float | None = float(frozen_at) if frozen_at is not None else None
        self._offset = 0.0

    def time(self) -> float:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return time.time() + self._offset

    def now(self) -> int:
        """Whole unix seconds, the resolution of every Intercom timestamp."""
        return int(self.time())

    def freeze(self, at: int | float | None = None) -> None:
        """Stop the clock, at ``at`` or at the current sandbox time."""
        current = self.time()
        with self._lock:
            self._frozen_at = float(at) if at is not None else current

    def unfreeze(self) -> None:
        """Resume ticking from the current sandbox time (not jumping back to wall time)."""
        current = self.time()
        with self._lock:
            self._frozen_at = None
            self._offset = current - time.time()

    def advance(self, seconds: float) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None


def day_start(ts: int) -> int:
    """Midnight UTC of the day holding ``ts`` (the sandbox workspace's timezone is UTC)."""
    return ts - ts % SECONDS_PER_DAY
