"""The transactional outbox: what a trigger emitted, committed with its state, then handed on.

A trigger call (receive or tick) runs against a ``Unit``: its messages and state writes are
kept aside and written by ``commit`` in one transaction, together with the seen keys that
filter duplicates and the delivery or lease the work belonged to. Only then are the messages
handed on, each with a stable message key, and each row is deleted once its consumer took it.

So a process killed anywhere loses nothing (uncommitted work is redone from the same inputs,
committed messages are still in the outbox) and a restart resends only what was not handed on.
The one repeat possible is a message whose consumer took it in the instant before its row was
deleted: it comes again with the same key, which a consumer drops.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from .db import Database, Tx, insert_rows, where_in
from .deliveries import Delivery, LeaseLostError, finish
from .engine import database
from .leases import still_held
from .state import remember_keys, write_state


@dataclass(frozen=True)
class Outgoing:
    port: str
    data: Any
    key: str | None = None  # the event's identity within its trigger (dedupe key)


@dataclass
class Unit:
    """One trigger call's pending writes (see the module docstring)."""

    scope: str
    instance_id: str
    # Stable keys for messages without a dedupe key: ``<prefix>:<n>`` (a delivery's key).
    key_prefix: str | None = None
    writes: dict[str, Any] = field(default_factory=dict)
    cleared: bool = False
    messages: list[Outgoing] = field(default_factory=list)
    # The commit of this instance's previous call, possibly still being written: state is read
    # only once it is done, so a call sees what the one before it wrote.
    after: Awaitable[Any] | None = None


@dataclass(frozen=True)
class Handout:
    seq: int
    key: str
    instance_id: str
    port: str
    data: Any


class Outbox:
    def __init__(self, source: Any = None) -> None:
        self.db: Database = database(source)

    async def commit(
        self,
        unit: Unit,
        *,
        now: float,
        wall: float,
        owner: str = "",
        delivery: Delivery | None = None,
        lease: str | None = None,
    ) -> int:
        """Write the unit in one transaction; returns how many messages were new.

        ``delivery``: finished in the same transaction; ``lease``: must still be ours. Either
        lost means another instance does this work: nothing is written (``LeaseLostError``).
        """

        async def job(tx: Tx) -> int:
            if lease is not None and not await still_held(tx, lease, owner, wall):
                raise LeaseLostError(f"the lease {lease} was taken over")
            if delivery is not None:
                await finish(tx, delivery, owner, now)
            if unit.cleared or unit.writes:
                await write_state(tx, unit.scope, unit.writes, cleared=unit.cleared)
            keyed = [m.key for m in unit.messages if m.key is not None]
            fresh = await remember_keys(tx, unit.scope, keyed, now) if keyed else set()
            rows: list[tuple[str, str, str, str, float]] = []
            for n, message in enumerate(unit.messages):
                if message.key is not None:
                    if message.key not in fresh:
                        continue  # emitted before, by this or another way (webhook, poll, catch-up)
                    fresh.discard(message.key)  # and twice in one call counts once
                    key = f"{unit.instance_id}:{message.key}"
                elif unit.key_prefix is not None:
                    key = f"{unit.key_prefix}:{n}"
                else:
                    key = f"{unit.instance_id}:{uuid.uuid4().hex}"
                rows.append((key, unit.instance_id, message.port, json.dumps(message.data), now))
            await insert_rows(tx, "outbox (message_key, instance_id, port, data, created_at)", rows,
                              " ON CONFLICT (message_key) DO NOTHING")
            return len(rows)

        return await self.db.run(job)

    async def claim(self, owner: str, *, wall: float, lease: float, limit: int = 200) -> list[Handout]:
        """Lease the oldest messages nobody is handing on."""

        async def job(tx: Tx) -> list[Handout]:
            rows = await tx.fetchall(
                "SELECT seq, message_key, instance_id, port, data FROM outbox"
                " WHERE lease_until IS NULL OR lease_until <= ? ORDER BY seq LIMIT ?"
                + (" FOR UPDATE SKIP LOCKED" if tx.dialect == "postgresql" else ""),
                (wall, limit),
            )
            await where_in(tx, "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE seq IN",
                           [r[0] for r in rows], owner, wall + lease)
            return [Handout(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

        return await self.db.run(job)

    async def handed(self, seq: int) -> None:
        async def job(tx: Tx) -> None:
            await tx.execute("DELETE FROM outbox WHERE seq = ?", (seq,))

        # The next message waits for this commit: made at once, it need not wait for a batch.
        await self.db.run_alone(job)

    async def release(self, seqs: list[int]) -> None:
        """Give back messages not handed on (their consumer failed): they go out again later."""

        async def job(tx: Tx) -> None:
            await where_in(tx, "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE seq IN", seqs)

        await self.db.run(job)

    async def pending(self, instance_id: str | None = None) -> int:
        async def job(tx: Tx) -> int:
            if instance_id is None:
                row = await tx.fetchone("SELECT COUNT(*) FROM outbox")
            else:
                row = await tx.fetchone("SELECT COUNT(*) FROM outbox WHERE instance_id = ?", (instance_id,))
            return int(row[0]) if row else 0

        return await self.db.run(job)

    async def drop_instance(self, instance_id: str) -> None:
        async def job(tx: Tx) -> None:
            await tx.execute("DELETE FROM outbox WHERE instance_id = ?", (instance_id,))

        await self.db.run(job)
