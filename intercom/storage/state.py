"""Component state (Appmixer's stateGet/stateSet) and the keys each trigger has already emitted.

State is key/value per component instance (``scope``), values JSON. Seen keys are one indexed
row each (scope, key, when first emitted): the runtime's one duplicate filter, shared by
webhooks, polling and catch-up, and pruned after a retention window instead of growing a blob.
"""

from __future__ import annotations

import json
from typing import Any

from .db import CHUNK, PRUNE_CHUNK, Database, Tx
from .engine import database, default_home
from .sqlite import MEMORY

__all__ = ["UNSET", "StateStore", "default_home"]

UNSET: Any = object()  # a key removed by a pending write


class StateStore:
    def __init__(self, source: Any = None) -> None:
        self.db: Database = database(source)

    @classmethod
    def in_memory(cls) -> StateStore:
        return cls(MEMORY)

    async def get(self, scope: str, key: str, default: Any = None) -> Any:
        async def job(tx: Tx) -> Any:
            row = await tx.fetchone("SELECT value FROM state WHERE scope = ? AND key = ?", (scope, key))
            return default if row is None else json.loads(row[0])

        return await self.db.run(job)

    async def set(self, scope: str, key: str, value: Any) -> None:
        await self.db.run(lambda tx: write_state(tx, scope, {key: value}))

    async def unset(self, scope: str, key: str) -> None:
        await self.db.run(lambda tx: write_state(tx, scope, {key: UNSET}))

    async def clear(self, scope: str) -> None:
        """Forget the instance: its state and the keys it emitted."""

        async def job(tx: Tx) -> None:
            await tx.execute("DELETE FROM state WHERE scope = ?", (scope,))
            await tx.execute("DELETE FROM seen WHERE scope = ?", (scope,))

        await self.db.run(job)

    async def all(self, scope: str) -> dict[str, Any]:
        async def job(tx: Tx) -> dict[str, Any]:
            rows = await tx.fetchall("SELECT key, value FROM state WHERE scope = ?", (scope,))
            return {k: json.loads(v) for k, v in rows}

        return await self.db.run(job)

    # -- seen keys --------------------------------------------------------------------------

    async def remember(self, scope: str, key: str, at: float) -> bool:
        """Record ``key`` as emitted; False when it already was (so the message is a duplicate)."""
        return key in await self.db.run(lambda tx: remember_keys(tx, scope, [key], at))

    async def seen(self, scope: str, key: str) -> bool:
        async def job(tx: Tx) -> bool:
            row = await tx.fetchone("SELECT 1 FROM seen WHERE scope = ? AND key = ?", (scope, key))
            return row is not None

        return await self.db.run(job)

    async def forget_seen(self, before: float) -> int:
        """Drop every seen key recorded before ``before``: the retention window.

        A chunk per transaction: after a long pause there may be a week of keys to drop, and no
        one job should hold the store (on SQLite, the event loop) for that long.
        """

        async def job(tx: Tx) -> int:
            return await tx.execute(
                "DELETE FROM seen WHERE (scope, key) IN (SELECT scope, key FROM seen WHERE at < ? LIMIT ?)",
                (before, PRUNE_CHUNK),
            )

        forgotten = 0
        while True:
            dropped = await self.db.run(job)
            forgotten += dropped
            if dropped < PRUNE_CHUNK:
                return forgotten

    def close(self) -> None:
        self.db.close()


async def write_state(tx: Tx, scope: str, writes: dict[str, Any], *, cleared: bool = False) -> None:
    if cleared:
        await tx.execute("DELETE FROM state WHERE scope = ?", (scope,))
    for key, value in writes.items():
        if value is UNSET:
            await tx.execute("DELETE FROM state WHERE scope = ? AND key = ?", (scope, key))
        else:
            await tx.execute(
                "INSERT INTO state (scope, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
                (scope, key, json.dumps(value)),
            )


async def remember_keys(tx: Tx, scope: str, keys: list[str], at: float) -> set[str]:
    """Insert the keys not seen yet in ``scope``; returns those (the fresh ones)."""
    fresh: set[str] = set()
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        values = ", ".join("(?, ?, ?)" for _ in chunk)
        params = [p for key in chunk for p in (scope, key, at)]
        rows = await tx.fetchall(
            f"INSERT INTO seen (scope, key, at) VALUES {values}"
            " ON CONFLICT (scope, key) DO NOTHING RETURNING key",
            params,
        )
        fresh.update(r[0] for r in rows)
    return fresh
