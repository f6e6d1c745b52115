"""Quota rules from quota.json, enforced as sliding windows before a handler runs."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from typing import Any


class SlidingWindow:
    def __init__(self, limit: int, window_s: float, now: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._now = now
        self._calls: deque[float] = deque()
        self._lock = asyncio.Lock()

    def wait_time(self) -> float:
        now = self._now()
        while self._calls and now - self._calls[0] >= self.window_s:
            self._calls.popleft()
        if len(self._calls) < self.limit:
            return 0.0
        return self.window_s - (now - self._calls[0])

    async def acquire(self) -> None:
        async with self._lock:  # fifo: waiters are served in arrival order
            # The window frees up with time, not with an event another task could set.
            while (wait := self.wait_time()) > 0:  # noqa: ASYNC110
                await asyncio.sleep(wait)
            self._calls.append(self._now())


class QuotaGate:
    """One window per rule resource; a service-config key may raise or lower a rule's limit."""

    def __init__(self, quota: dict[str, Any], config: dict[str, Any] | None = None) -> None:
        self.windows: dict[str, list[SlidingWindow]] = {}
        for rule in quota.get("rules", []):
            limit = int(rule["limit"])
            key = rule.get("configKey")
            if key and config and config.get(key):
                limit = int(config[key])
            self.windows.setdefault(rule["resource"], []).append(
                SlidingWindow(limit, rule["window"] / 1000.0)
            )

    async def acquire(self, resources: str | list[str] | None) -> None:
        names = [resources] if isinstance(resources, str) else list(resources or [])
        for name in names:
            for window in self.windows.get(name, []):
                await window.acquire()
