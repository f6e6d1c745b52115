"""The host's registry of running triggers and of the app-level events each one listens to.

This is what Appmixer's ``addListener``/``removeListener`` write to: a trigger that cannot have
a webhook of its own (Intercom has one endpoint per app) registers the topics it wants for its
account's workspace, and the webhook dispatcher asks ``matching(workspace, topic)`` who gets a
notification. Both tables are persisted, so a restarted host keeps routing to the same triggers.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sqlite import open_db


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


class ListenerRegistry:
    def __init__(self, path: Path | str) -> None:
        self._db = open_db(
            path,
            "CREATE TABLE IF NOT EXISTS trigger_instances ("
            " id TEXT PRIMARY KEY, component TEXT NOT NULL, properties TEXT NOT NULL,"
            " connection_id TEXT NOT NULL, workspace_id TEXT, started_at REAL NOT NULL);"
            "CREATE TABLE IF NOT EXISTS listeners ("
            " instance_id TEXT NOT NULL, event TEXT NOT NULL, workspace_id TEXT NOT NULL,"
            " params TEXT NOT NULL, PRIMARY KEY (instance_id, event));"
            "CREATE INDEX IF NOT EXISTS listeners_by_route ON listeners (workspace_id, event);"
        )

    @classmethod
    def in_memory(cls) -> ListenerRegistry:
        return cls(":memory:")

    # -- trigger instances ------------------------------------------------------------------

    def add_instance(self, instance: TriggerInstance) -> None:
        self._db.execute(
            "INSERT INTO trigger_instances"
            " (id, component, properties, connection_id, workspace_id, started_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                instance.id,
                instance.component,
                json.dumps(instance.properties),
                instance.connection_id,
                instance.workspace_id,
                instance.started_at,
            ),
        )
        self._db.commit()

    def remove_instance(self, instance_id: str) -> None:
        self._db.execute("DELETE FROM listeners WHERE instance_id = ?", (instance_id,))
        self._db.execute("DELETE FROM trigger_instances WHERE id = ?", (instance_id,))
        self._db.commit()

    def instance(self, instance_id: str) -> TriggerInstance | None:
        row = self._db.execute(
            "SELECT id, component, properties, connection_id, workspace_id, started_at"
            " FROM trigger_instances WHERE id = ?",
            (instance_id,),
        ).fetchone()
        return _instance(row) if row else None

    def instances(self) -> list[TriggerInstance]:
        rows = self._db.execute(
            "SELECT id, component, properties, connection_id, workspace_id, started_at"
            " FROM trigger_instances ORDER BY started_at, id"
        ).fetchall()
        return [_instance(r) for r in rows]

    # -- listeners --------------------------------------------------------------------------

    def add(self, listener: Listener) -> None:
        self._db.execute(
            "INSERT INTO listeners (instance_id, event, workspace_id, params) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (instance_id, event) DO UPDATE"
            " SET workspace_id = excluded.workspace_id, params = excluded.params",
            (listener.instance_id, listener.event, listener.workspace_id, json.dumps(listener.params)),
        )
        self._db.commit()

    def remove(self, instance_id: str, event: str) -> None:
        self._db.execute("DELETE FROM listeners WHERE instance_id = ? AND event = ?", (instance_id, event))
        self._db.commit()

    def matching(self, workspace_id: str, event: str) -> list[Listener]:
        rows = self._db.execute(
            "SELECT instance_id, event, workspace_id, params FROM listeners"
            " WHERE workspace_id = ? AND event = ? ORDER BY instance_id",
            (workspace_id, event),
        ).fetchall()
        return [_listener(r) for r in rows]

    def listens_to_workspace(self, workspace_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM listeners WHERE workspace_id = ? LIMIT 1", (workspace_id,))
        return row.fetchone() is not None

    def listeners(self, instance_id: str | None = None) -> list[Listener]:
        sql = "SELECT instance_id, event, workspace_id, params FROM listeners"
        args: tuple[str, ...] = ()
        if instance_id is not None:
            sql, args = sql + " WHERE instance_id = ?", (instance_id,)
        return [_listener(r) for r in self._db.execute(sql + " ORDER BY event, instance_id", args).fetchall()]

    def close(self) -> None:
        self._db.close()


def _instance(row: tuple[Any, ...]) -> TriggerInstance:
    return TriggerInstance(row[0], row[1], json.loads(row[2]), row[3], row[4], row[5])


def _listener(row: tuple[Any, ...]) -> Listener:
    return Listener(row[0], row[1], row[2], json.loads(row[3]))
