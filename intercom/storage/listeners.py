"""The host's registry of running triggers and of the app-level events each one listens to.

This is what Appmixer's ``addListener``/``removeListener`` write to: a trigger that cannot have
a webhook of its own (Intercom has one endpoint per app) registers the topics it wants for its
account's workspace, and the webhook dispatcher asks ``matching(workspace, topic)`` who gets a
notification. Both are rows in the store, so a restarted host, or another ``serve`` instance
on the same PostgreSQL, routes to the same triggers.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from .db import Database, Tx
from .engine import database
from .sqlite import MEMORY


@dataclass(frozen=True)
class TriggerInstance:
    """One started trigger: which component, with which options, as which connected account."""

    id: str
    component: str
    properties: dict[str, Any]
    connection_id: str
    workspace_id: str | None = None
    started_at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class Listener:
    instance_id: str
    event: str
    workspace_id: str
    params: dict[str, Any] = field(default_factory=dict)


_INSTANCE = "SELECT id, component, properties, connection_id, workspace_id, started_at FROM trigger_instances"
_LISTENER = "SELECT instance_id, event, workspace_id, params FROM listeners"


class ListenerRegistry:
    def __init__(self, source: Any = None) -> None:
        self.db: Database = database(source)

    @classmethod
    def in_memory(cls) -> ListenerRegistry:
        return cls(MEMORY)

    # -- trigger instances ------------------------------------------------------------------

    async def add_instance(self, instance: TriggerInstance) -> None:
        async def job(tx: Tx) -> None:
            await tx.execute(
                "INSERT INTO trigger_instances"
                " (id, component, properties, connection_id, workspace_id, started_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (instance.id, instance.component, json.dumps(instance.properties), instance.connection_id,
                 instance.workspace_id, instance.started_at),
            )

        await self.db.run(job)

    async def remove_instance(self, instance_id: str) -> None:
        async def job(tx: Tx) -> None:
            await tx.execute("DELETE FROM listeners WHERE instance_id = ?", (instance_id,))
            await tx.execute("DELETE FROM trigger_instances WHERE id = ?", (instance_id,))

        await self.db.run(job)

    async def instance(self, instance_id: str) -> TriggerInstance | None:
        async def job(tx: Tx) -> TriggerInstance | None:
            row = await tx.fetchone(_INSTANCE + " WHERE id = ?", (instance_id,))
            return _instance(row) if row else None

        return await self.db.run(job)

    async def instances(self) -> list[TriggerInstance]:
        async def job(tx: Tx) -> list[TriggerInstance]:
            return [_instance(r) for r in await tx.fetchall(_INSTANCE + " ORDER BY started_at, id")]

        return await self.db.run(job)

    # -- listeners --------------------------------------------------------------------------

    async def add(self, listener: Listener) -> None:
        async def job(tx: Tx) -> None:
            await tx.execute(
                "INSERT INTO listeners (instance_id, event, workspace_id, params) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (instance_id, event) DO UPDATE"
                " SET workspace_id = excluded.workspace_id, params = excluded.params",
                (listener.instance_id, listener.event, listener.workspace_id, json.dumps(listener.params)),
            )

        await self.db.run(job)

    async def remove(self, instance_id: str, event: str) -> None:
        async def job(tx: Tx) -> None:
            await tx.execute(
                "DELETE FROM listeners WHERE instance_id = ? AND event = ?", (instance_id, event)
            )

        await self.db.run(job)

    async def matching(self, workspace_id: str, event: str) -> list[Listener]:
        async def job(tx: Tx) -> list[Listener]:
            return await matching(tx, workspace_id, event)

        return await self.db.run(job)

    async def listens_to_workspace(self, workspace_id: str) -> bool:
        async def job(tx: Tx) -> bool:
            row = await tx.fetchone("SELECT 1 FROM listeners WHERE workspace_id = ? LIMIT 1", (workspace_id,))
            return row is not None

        return await self.db.run(job)

    async def listeners(self, instance_id: str | None = None) -> list[Listener]:
        async def job(tx: Tx) -> list[Listener]:
            if instance_id is None:
                rows = await tx.fetchall(_LISTENER + " ORDER BY event, instance_id")
            else:
                rows = await tx.fetchall(_LISTENER + " WHERE instance_id = ? ORDER BY event", (instance_id,))
            return [_listener(r) for r in rows]

        return await self.db.run(job)

    def close(self) -> None:
        self.db.close()


async def matching(tx: Tx, workspace_id: str, event: str) -> list[Listener]:
    rows = await tx.fetchall(
        _LISTENER + " WHERE workspace_id = ? AND event = ? ORDER BY instance_id", (workspace_id, event)
    )
    return [_listener(r) for r in rows]


def _instance(row: tuple[Any, ...]) -> TriggerInstance:
    return TriggerInstance(row[0], row[1], json.loads(row[2]), row[3], row[4], float(row[5]))


def _listener(row: tuple[Any, ...]) -> Listener:
    return Listener(row[0], row[1], row[2], json.loads(row[3]))
