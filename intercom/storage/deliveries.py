"""Deliveries: one row per accepted notification and trigger instance that should receive it.

The intake stores a notification (``inbox``); routing turns it, in one transaction, into one
delivery per instance listening for its workspace and topic. A delivery is finished only in
the transaction that commits what the instance's ``receive`` emitted (``outbox.commit``).
A failed one is retried after a growing delay, a bounded number of times, then kept as a dead
letter with its error until ``retry`` sends it again.

Claims are leases: an instance that dies mid-dispatch leaves its deliveries to be claimed by
another once the lease runs out. ``due_at`` follows the runtime's clock (tests move it);
leases follow the wall clock, which every instance shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .db import Database, Tx, insert_rows, where_in
from .engine import database
from .listeners import matching

PENDING, DEAD = "pending", "dead"
# Seconds before each retry: five attempts over about twelve minutes, then a dead letter.
RETRY_DELAYS = (5.0, 30.0, 120.0, 600.0)
MAX_ERROR_CHARS = 300


class LeaseLostError(Exception):
    """Another instance took over this work: what was done here is rolled back, not committed."""


@dataclass(frozen=True)
class Delivery:
    seq: int
    note_key: str
    instance_id: str
    topic: str
    attempts: int
    body: str | None
    error: str | None = None
    updated_at: float = 0.0


@dataclass(frozen=True)
class Routed:
    """What one routing pass did: deliveries made, and notifications nobody listens to."""

    deliveries: int
    unrouted: list[tuple[str, str]]  # (workspace, topic)


def _skip_locked(tx: Tx) -> str:
    # PostgreSQL: rows another instance is claiming right now are passed over, not waited for.
    return " FOR UPDATE SKIP LOCKED" if tx.dialect == "postgresql" else ""


async def count_outcome(tx: Tx, topic: str, outcome: str, now: float, n: int = 1) -> None:
    await tx.execute(
        "INSERT INTO delivery_stats (topic, outcome, count, last_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (topic, outcome) DO UPDATE"
        " SET count = delivery_stats.count + excluded.count, last_at = excluded.last_at",
        (topic, outcome, n, now),
    )


async def finish(tx: Tx, delivery: Delivery, owner: str, now: float) -> None:
    """Done: inside the transaction that commits what its receive emitted."""
    removed = await tx.execute(
        "DELETE FROM deliveries WHERE seq = ? AND lease_owner = ? AND status = ?",
        (delivery.seq, owner, PENDING),
    )
    if not removed:
        raise LeaseLostError(f"delivery {delivery.note_key} to {delivery.instance_id} was taken over")
    await _release_body(tx, delivery.note_key)


async def _release_body(tx: Tx, note_key: str) -> None:
    # The body is kept while any delivery of it may still run (pending or dead).
    await tx.execute(
        "UPDATE inbox SET done = 1, body = NULL WHERE key = ?"
        " AND NOT EXISTS (SELECT 1 FROM deliveries WHERE note_key = ?)",
        (note_key, note_key),
    )


class DeliveryQueue:
    def __init__(self, source: Any = None) -> None:
        self.db: Database = database(source)

    async def route(self, *, now: float, limit: int = 200, unrouted_outcome: str = "unrouted") -> Routed:
        """Fan accepted notifications out to the instances listening to them, oldest first."""

        async def job(tx: Tx) -> Routed:
            rows = await tx.fetchall(
                "SELECT seq, key, topic, app_id FROM inbox WHERE routed = 0 ORDER BY seq LIMIT ?"
                + _skip_locked(tx),
                (limit,),
            )
            unrouted: list[tuple[str, str]] = []
            made, routed, let_go = [], [], []
            # A burst is mostly one workspace and a few topics: each pair's listeners read once.
            known: dict[tuple[str, str], list[Any]] = {}
            for seq, key, topic, app_id in rows:
                if (app_id, topic) not in known:
                    known[(app_id, topic)] = await matching(tx, app_id, topic)
                listeners = known[(app_id, topic)]
                if listeners:
                    made += [(key, listener.instance_id, topic, PENDING, now, now) for listener in listeners]
                    routed.append(seq)
                else:
                    let_go.append(seq)
                    await count_outcome(tx, topic, unrouted_outcome, now)
                    unrouted.append((app_id, topic))
            inserted = await insert_rows(
                tx, "deliveries (note_key, instance_id, topic, status, due_at, updated_at)", made,
                " ON CONFLICT (note_key, instance_id) DO NOTHING",
            )
            await where_in(tx, "UPDATE inbox SET routed = 1 WHERE seq IN", routed)
            await where_in(tx, "UPDATE inbox SET routed = 1, done = 1, body = NULL WHERE seq IN", let_go)
            return Routed(inserted, unrouted)

        return await self.db.run(job)

    async def claim(
        self, owner: str, *, now: float, wall: float, lease: float, limit: int = 50
    ) -> list[Delivery]:
        """Lease the due deliveries nobody holds, in the order they fell due (a retry takes its
        place when its delay ends; routing order among those due together); with their
        notification's body."""

        async def job(tx: Tx) -> list[Delivery]:
            rows = await tx.fetchall(
                "SELECT d.seq, d.note_key, d.instance_id, d.topic, d.attempts, i.body"
                " FROM deliveries d JOIN inbox i ON i.key = d.note_key"
                " WHERE d.status = ? AND d.due_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)"
                " ORDER BY d.due_at, d.seq LIMIT ?"
                + (" FOR UPDATE OF d SKIP LOCKED" if tx.dialect == "postgresql" else ""),
                (PENDING, now, wall, limit),
            )
            await where_in(tx, "UPDATE deliveries SET lease_owner = ?, lease_until = ? WHERE seq IN",
                           [row[0] for row in rows], owner, wall + lease)
            return [Delivery(r[0], r[1], r[2], r[3], int(r[4]), r[5]) for r in rows]

        return await self.db.run(job)

    async def fail(
        self, delivery: Delivery, owner: str, error: str, *, now: float, dead_outcome: str = "failed"
    ) -> bool:
        """Schedule a retry, or keep a dead letter after the last one; True when it is dead."""
        attempts = delivery.attempts + 1
        dead = attempts > len(RETRY_DELAYS)
        due = now if dead else now + RETRY_DELAYS[attempts - 1]

        async def job(tx: Tx) -> bool:
            changed = await tx.execute(
                "UPDATE deliveries SET attempts = ?, due_at = ?, status = ?, error = ?, lease_owner = NULL,"
                " lease_until = NULL, updated_at = ? WHERE seq = ? AND lease_owner = ?",
                (attempts, due, DEAD if dead else PENDING, error[:MAX_ERROR_CHARS], now, delivery.seq, owner),
            )
            if changed and dead:
                await count_outcome(tx, delivery.topic, dead_outcome, now)
            return bool(changed) and dead

        return await self.db.run(job)

    async def dead(self, instance_id: str | None = None) -> list[Delivery]:
        """The dead letters, oldest first, with their last error."""

        async def job(tx: Tx) -> list[Delivery]:
            sql = ("SELECT seq, note_key, instance_id, topic, attempts, error, updated_at FROM deliveries"
                   " WHERE status = ?")
            params: list[Any] = [DEAD]
            if instance_id is not None:
                sql, params = sql + " AND instance_id = ?", [*params, instance_id]
            rows = await tx.fetchall(sql + " ORDER BY seq", params)
            return [Delivery(r[0], r[1], r[2], r[3], int(r[4]), None, r[5], float(r[6])) for r in rows]

        return await self.db.run(job)

    async def retry(self, *, now: float, instance_ids: Sequence[str] = ()) -> int:
        """Dead letters become due now, with a fresh set of attempts; returns how many."""

        async def job(tx: Tx) -> int:
            sql = ("UPDATE deliveries SET status = ?, attempts = 0, due_at = ?, lease_owner = NULL,"
                   " lease_until = NULL, updated_at = ? WHERE status = ?")
            params: list[Any] = [PENDING, now, now, DEAD]
            if instance_ids:
                sql += " AND instance_id IN (" + ", ".join("?" for _ in instance_ids) + ")"
                params += list(instance_ids)
            return await tx.execute(sql, params)

        return await self.db.run(job)

    async def counts(self) -> dict[str, int]:
        """How many deliveries wait (pending, retrying included) and how many are dead."""

        async def job(tx: Tx) -> dict[str, int]:
            rows = await tx.fetchall("SELECT status, COUNT(*) FROM deliveries GROUP BY status")
            found = {status: int(n) for status, n in rows}
            unrouted = await tx.fetchone("SELECT COUNT(*) FROM inbox WHERE routed = 0")
            return {PENDING: found.get(PENDING, 0) + int(unrouted[0] if unrouted else 0),
                    DEAD: found.get(DEAD, 0)}

        return await self.db.run(job)

    async def drop_instance(self, instance_id: str) -> None:
        """A stopped instance gets nothing more; notifications only it wanted are let go."""

        async def job(tx: Tx) -> None:
            keys = [r[0] for r in await tx.fetchall(
                "SELECT note_key FROM deliveries WHERE instance_id = ?", (instance_id,)
            )]
            await tx.execute("DELETE FROM deliveries WHERE instance_id = ?", (instance_id,))
            for key in keys:
                await _release_body(tx, key)

        await self.db.run(job)
