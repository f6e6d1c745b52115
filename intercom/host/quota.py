"""Quota rules from quota.json, enforced as sliding windows before a handler runs.

Alone, a host keeps its windows in memory. The trigger runtime gives it the store's shared
windows (``RateWindows``) instead, so several ``serve`` instances on one PostgreSQL together
stay within a rule's limit rather than each applying it in full.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol


class Rates(Protocol):
    async def reserve(self, resource: str, limit: int, window_s: float) -> float: ...


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


class SharedWindow:
    """A sliding window kept in the store, counted across every instance that shares it."""

    # Never sleep longer than this between tries: another instance may free a slot sooner.
    MAX_NAP = 1.0

    def __init__(self, rates: Rates, name: str, limit: int, window_s: float) -> None:
        self.rates, self.name, self.limit, self.window_s = rates, name, limit, window_s

    async def acquire(self) -> None:
        # The window frees up with time (on any instance), not with an event to wait for.
        while (wait := await self.rates.reserve(self.name, self.limit, self.window_s)) > 0:  # noqa: ASYNC110
            await asyncio.sleep(min(wait, self.MAX_NAP))


class QuotaGate:
    """One window per rule resource; a service-config key may raise or lower a rule's limit.

    ``rates`` shares the windows through the store, ``scope`` (the account) naming them.
    """

    def __init__(
        self,
        quota: dict[str, Any],
        config: dict[str, Any] | None = None,
        *,
        rates: Rates | None = None,
        scope: str = "",
    ) -> None:
        self.windows: dict[str, list[SlidingWindow | SharedWindow]] = {}
        for n, rule in enumerate(quota.get("rules", [])):
            limit = int(rule["limit"])
            key = rule.get("configKey")
            if key and config and config.get(key):
                limit = int(config[key])
            window_s = rule["window"] / 1000.0
            window: SlidingWindow | SharedWindow = (
                SlidingWindow(limit, window_s) if rates is None
                else SharedWindow(rates, f"quota:{scope}:{rule['resource']}:{n}", limit, window_s)
            )
            self.windows.setdefault(rule["resource"], []).append(window)

    async def acquire(self, resources: str | list[str] | None) -> None:
        names = [resources] if isinstance(resources, str) else list(resources or [])
        for name in names:
            for window in self.windows.get(name, []):
                await window.acquire()
