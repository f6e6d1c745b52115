"""Named leases: Appmixer's ``context.lock`` and the host's "only one instance ticks this".

A lease is a row (name, owner, expires_at). Taking it succeeds when it is free, expired or
already ours, in one statement, so two instances never both hold it; an instance that dies
simply stops renewing and the lease moves to whoever asks after it expires. Times are wall
clock seconds (every instance shares them), never a test's moved clock.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable
from typing import Any

from .db import Database, Tx
from .engine import database


class Leases:
    def __init__(self, source: Any = None, *, wall: Callable[[], float] = time.time) -> None:
        self.db: Database = database(source)
        self.wall = wall

    async def acquire(self, name: str, owner: str, ttl: float) -> bool:
        now = self.wall()

        async def job(tx: Tx) -> bool:
            row = await tx.fetchone(
                "INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at"
                " WHERE leases.expires_at <= ? OR leases.owner = excluded.owner RETURNING owner",
                (name, owner, now + ttl, now),
            )
            return row is not None

        return await self.db.run(job)

    async def renew(self, name: str, owner: str, ttl: float) -> bool:
        """Extend a lease still held; False when it was lost (expired and taken)."""
        now = self.wall()

        async def job(tx: Tx) -> bool:
            return bool(await tx.execute(
                "UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?", (now + ttl, name, owner)
            ))

        return await self.db.run(job)

    async def release(self, name: str, owner: str) -> None:
        async def job(tx: Tx) -> None:
            await tx.execute("DELETE FROM leases WHERE name = ? AND owner = ?", (name, owner))

        await self.db.run(job)

    async def holder(self, name: str) -> tuple[str, float] | None:
        """Who holds ``name`` now, and until when."""
        now = self.wall()

        async def job(tx: Tx) -> tuple[str, float] | None:
            row = await tx.fetchone(
                "SELECT owner, expires_at FROM leases WHERE name = ? AND expires_at > ?", (name, now)
            )
            return (row[0], float(row[1])) if row else None

        return await self.db.run(job)


async def still_held(tx: Tx, name: str, owner: str, now: float) -> bool:
    row = await tx.fetchone(
        "SELECT 1 FROM leases WHERE name = ? AND owner = ? AND expires_at > ?", (name, owner, now)
    )
    return row is not None


def owner_name() -> str:
    """How a process names itself in claims: host, pid and a nonce (one per runtime)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead_here(owner: str) -> bool:
    """True for an owner on this machine whose process is gone (killed, crashed)."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


async def release_dead_owners(db: Database) -> int:
    """Free what processes of this machine that died still hold, instead of waiting out their leases.

    Only this machine's pids can be checked; other instances' claims still expire by time.
    """

    async def owners(tx: Tx) -> set[str]:
        found: set[str] = set()
        for sql in ("SELECT DISTINCT owner FROM leases", "SELECT DISTINCT lease_owner FROM deliveries",
                    "SELECT DISTINCT lease_owner FROM outbox"):
            found.update(r[0] for r in await tx.fetchall(sql) if r[0])
        return found

    dead = [o for o in await db.run(owners) if _dead_here(o)]

    async def release(tx: Tx) -> int:
        freed = 0
        for owner in dead:
            freed += await tx.execute("DELETE FROM leases WHERE owner = ?", (owner,))
            for table in ("deliveries", "outbox"):
                freed += await tx.execute(
                    f"UPDATE {table} SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
                    (owner,),
                )
        return freed

    return await db.run(release) if dead else 0
