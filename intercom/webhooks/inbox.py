"""Accepted notifications, persisted: the duplicate filter, the dispatch queue and the counters.

A notification is written here before Intercom gets its 200, so a crash after the answer loses
nothing: pending rows are dispatched when the runtime starts again. The id stays after dispatch
for a bounded window (Intercom redelivers within about a minute, and replays after an outage
later still), which is what makes a second delivery of the same notification a no-op.

The intake's calls (``accept``, ``count``) are async, and concurrent deliveries share one
commit (see ``intercom.storage.db``). The reporting and maintenance calls block, for the CLI.
Routing to triggers is ``intercom.storage.deliveries``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..storage import MEMORY, Database, StoreError, Tx, database
from ..storage.db import PRUNE_CHUNK
from ..storage.deliveries import count_outcome
from .notification import Notification

logger = logging.getLogger("intercom.webhooks")

DEDUPE_WINDOW_SECONDS = 7 * 86_400
MAX_REMEMBERED = 200_000
_PRUNE_EVERY = 500

# What can happen to a delivery; `webhooks status` shows one column each.
ACCEPTED, DUPLICATE, REJECTED, UNROUTED, FAILED = "accepted", "duplicate", "rejected", "unrouted", "failed"
OUTCOMES = (ACCEPTED, DUPLICATE, REJECTED, UNROUTED, FAILED)
UNVERIFIED_TOPIC = "(unverified)"


@dataclass(frozen=True)
class TopicStats:
    topic: str
    counts: dict[str, int]
    last_at: float | None


@dataclass(frozen=True)
class Pending:
    key: str
    notification: Notification


class WebhookInbox:
    def __init__(
        self,
        source: Any = None,
        *,
        window_seconds: float = DEDUPE_WINDOW_SECONDS,
        max_remembered: int = MAX_REMEMBERED,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db: Database = database(source)
        self.window_seconds = window_seconds
        self.max_remembered = max_remembered
        self._clock = clock
        self._since_prune = 0

    @classmethod
    def in_memory(cls, clock: Callable[[], float] = time.time) -> WebhookInbox:
        return cls(MEMORY, clock=clock)

    @property
    def name(self) -> str:
        return self.db.name

    # -- intake ---------------------------------------------------------------------------

    async def accept(self, notification: Notification) -> bool:
        """Queue a notification; False when its id was already accepted (a redelivery)."""
        now = self._clock()
        self._since_prune += 1
        prune = self._since_prune >= _PRUNE_EVERY
        if prune:
            self._since_prune = 0
        row = (notification.dedupe_key, notification.topic, notification.app_id, now,
               notification.model_dump_json())

        async def job(tx: Tx) -> bool:
            fresh = await tx.execute(
                "INSERT INTO inbox (key, topic, app_id, received_at, body) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO NOTHING",
                row,
            ) == 1
            await count_outcome(tx, notification.topic, ACCEPTED if fresh else DUPLICATE, now)
            if prune:
                await self._prune(tx, now)
            return fresh

        return await self.db.run(job)

    async def count(self, topic: str, outcome: str) -> None:
        """Best effort: a counter the store could not write is logged, never an error answer."""
        now = self._clock()
        try:
            await self.db.run(lambda tx: count_outcome(tx, topic, outcome, now))
        except StoreError as exc:
            logger.warning("webhook counter %s/%s not written: %s", topic, outcome, exc)

    # -- dispatch (blocking; the runtime routes through intercom.storage.deliveries) -------

    def pending(self) -> list[Pending]:
        """Accepted notifications not dispatched yet, oldest first."""

        async def job(tx: Tx) -> list[tuple[Any, ...]]:
            return await tx.fetchall(
                "SELECT key, body FROM inbox WHERE done = 0 AND body IS NOT NULL ORDER BY seq"
            )

        return [Pending(key, Notification.model_validate_json(body)) for key, body in self.db.run_sync(job)]

    def finish(self, key: str) -> None:
        """Dispatched: keep the id for the duplicate window, drop the body."""

        async def job(tx: Tx) -> None:
            await tx.execute("UPDATE inbox SET routed = 1, done = 1, body = NULL WHERE key = ?", (key,))

        self.db.run_sync(job)

    def pending_count(self) -> int:
        async def job(tx: Tx) -> int:
            row = await tx.fetchone("SELECT COUNT(*) FROM inbox WHERE done = 0")
            return int(row[0]) if row else 0

        return self.db.run_sync(job)

    def prune(self) -> None:
        """Forget dispatched ids older than the window, and the oldest beyond the cap."""
        self._since_prune = 0
        now = self._clock()
        while self.db.run_sync(lambda tx: self._prune(tx, now)) >= PRUNE_CHUNK:
            pass

    async def _prune(self, tx: Tx, now: float) -> int:
        """At most ``PRUNE_CHUNK`` rows of each kind (the intake prunes again soon); how many went."""
        gone = await tx.execute(
            "DELETE FROM inbox WHERE seq IN"
            " (SELECT seq FROM inbox WHERE done = 1 AND received_at < ? LIMIT ?)",
            (now - self.window_seconds, PRUNE_CHUNK),
        )
        # Beyond the cap by number: rows older than the newest ``max_remembered`` sequence
        # numbers (gaps only make fewer kept). A count by OFFSET would walk every id kept.
        row = await tx.fetchone("SELECT MAX(seq) FROM inbox")
        if row is not None and row[0] is not None and row[0] > self.max_remembered:
            capped = await tx.execute(
                "DELETE FROM inbox WHERE seq IN (SELECT seq FROM inbox WHERE done = 1 AND seq <= ?"
                " ORDER BY seq LIMIT ?)",
                (row[0] - self.max_remembered, PRUNE_CHUNK),
            )
            gone = max(gone, capped)
        return gone

    def remembered(self) -> int:
        async def job(tx: Tx) -> int:
            row = await tx.fetchone("SELECT COUNT(*) FROM inbox")
            return int(row[0]) if row else 0

        return self.db.run_sync(job)

    # -- reporting ------------------------------------------------------------------------

    def stats(self) -> list[TopicStats]:
        async def job(tx: Tx) -> list[tuple[Any, ...]]:
            return await tx.fetchall("SELECT topic, outcome, count, last_at FROM delivery_stats")

        by_topic: dict[str, tuple[dict[str, int], float]] = {}
        for topic, outcome, count, last_at in self.db.run_sync(job):
            counts, last = by_topic.setdefault(topic, ({o: 0 for o in OUTCOMES}, 0.0))
            counts[outcome] = int(count)
            # Dispatch outcomes are not deliveries; the last delivery is when one reached the intake.
            if outcome in (ACCEPTED, DUPLICATE, REJECTED):
                by_topic[topic] = (counts, max(last, float(last_at)))
        return [TopicStats(topic, counts, last or None) for topic, (counts, last) in sorted(by_topic.items())]

    def close(self) -> None:
        self.db.close()
