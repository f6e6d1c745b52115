"""Accepted notifications, persisted: the duplicate filter, the dispatch queue and the counters.

A notification is written here before Intercom gets its 200, so a crash after the answer loses
nothing: pending rows are dispatched when the runtime starts again. The id stays after dispatch
for a bounded window (Intercom redelivers within about a minute, and replays after an outage
later still), which is what makes a second delivery of the same notification a no-op.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..host.sqlite import open_db
from .notification import Notification

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
        path: Path | str,
        *,
        window_seconds: float = DEDUPE_WINDOW_SECONDS,
        max_remembered: int = MAX_REMEMBERED,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = open_db(
            path,
            "CREATE TABLE IF NOT EXISTS inbox ("
            " seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, topic TEXT NOT NULL,"
            " app_id TEXT NOT NULL, received_at REAL NOT NULL, done INTEGER NOT NULL DEFAULT 0, body TEXT);"
            "CREATE TABLE IF NOT EXISTS delivery_stats ("
            " topic TEXT NOT NULL, outcome TEXT NOT NULL, count INTEGER NOT NULL, last_at REAL NOT NULL,"
            " PRIMARY KEY (topic, outcome));"
        )
        self.window_seconds = window_seconds
        self.max_remembered = max_remembered
        self._clock = clock
        self._since_prune = 0

    @classmethod
    def in_memory(cls, clock: Callable[[], float] = time.time) -> WebhookInbox:
        return cls(":memory:", clock=clock)

    # -- intake ---------------------------------------------------------------------------

    def accept(self, notification: Notification) -> bool:
        """Queue a notification; False when its id was already accepted (a redelivery)."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO inbox (key, topic, app_id, received_at, body) VALUES (?, ?, ?, ?, ?)",
            (
                notification.dedupe_key,
                notification.topic,
                notification.app_id,
                self._clock(),
                notification.model_dump_json(),
            ),
        )
        self._db.commit()
        fresh = cursor.rowcount == 1
        self.count(notification.topic, ACCEPTED if fresh else DUPLICATE)
        if fresh:
            self._since_prune += 1
            if self._since_prune >= _PRUNE_EVERY:
                self.prune()
        return fresh

    def count(self, topic: str, outcome: str) -> None:
        self._db.execute(
            "INSERT INTO delivery_stats (topic, outcome, count, last_at) VALUES (?, ?, 1, ?)"
            " ON CONFLICT (topic, outcome) DO UPDATE SET count = count + 1, last_at = excluded.last_at",
            (topic, outcome, self._clock()),
        )
        self._db.commit()

    # -- dispatch -------------------------------------------------------------------------

    def pending(self) -> list[Pending]:
        rows = self._db.execute("SELECT key, body FROM inbox WHERE done = 0 ORDER BY seq").fetchall()
        return [Pending(key, Notification.model_validate_json(body)) for key, body in rows]

    def finish(self, key: str) -> None:
        """Dispatched: keep the id for the duplicate window, drop the body."""
        self._db.execute("UPDATE inbox SET done = 1, body = NULL WHERE key = ?", (key,))
        self._db.commit()

    def pending_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM inbox WHERE done = 0").fetchone()[0])

    def prune(self) -> None:
        """Forget dispatched ids older than the window, and the oldest beyond the cap."""
        self._since_prune = 0
        self._db.execute(
            "DELETE FROM inbox WHERE done = 1 AND received_at < ?", (self._clock() - self.window_seconds,)
        )
        self._db.execute(
            "DELETE FROM inbox WHERE done = 1 AND seq <= ("
            " SELECT seq FROM inbox WHERE done = 1 ORDER BY seq DESC LIMIT 1 OFFSET ?)",
            (self.max_remembered,),
        )
        self._db.commit()

    def remembered(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM inbox").fetchone()[0])

    # -- reporting ------------------------------------------------------------------------

    def stats(self) -> list[TopicStats]:
        rows = self._db.execute("SELECT topic, outcome, count, last_at FROM delivery_stats").fetchall()
        by_topic: dict[str, tuple[dict[str, int], float]] = {}
        for topic, outcome, count, last_at in rows:
            counts, last = by_topic.setdefault(topic, ({o: 0 for o in OUTCOMES}, 0.0))
            counts[outcome] = count
            # Dispatch outcomes are not deliveries; the last delivery is when one reached the intake.
            if outcome in (ACCEPTED, DUPLICATE, REJECTED):
                by_topic[topic] = (counts, max(last, last_at))
        return [TopicStats(topic, counts, last or None) for topic, (counts, last) in sorted(by_topic.items())]

    def close(self) -> None:
        self._db.close()
