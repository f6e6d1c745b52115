"""Persistent component state in one SQLite file (Appmixer's stateGet/stateSet in Python form)."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from .sqlite import open_db


def default_home() -> Path:
    return Path(os.environ.get("INTERCOM_CONNECTOR_HOME") or Path.home() / ".intercom-connector")


SCHEMA = (
    "CREATE TABLE IF NOT EXISTS state ("
    " scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (scope, key))"
)


class StateStore:
    """Key/value state per component instance; values are JSON."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db = open_db(path, SCHEMA)
        self._lock = asyncio.Lock()

    @classmethod
    def in_memory(cls) -> StateStore:
        return cls(":memory:")

    def get(self, scope: str, key: str, default: Any = None) -> Any:
        row = self._db.execute(
            "SELECT value FROM state WHERE scope = ? AND key = ?", (scope, key)
        ).fetchone()
        return default if row is None else json.loads(row[0])

    def set(self, scope: str, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT INTO state (scope, key, value) VALUES (?, ?, ?)"
            " ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
            (scope, key, json.dumps(value)),
        )
        self._db.commit()

    def unset(self, scope: str, key: str) -> None:
        self._db.execute("DELETE FROM state WHERE scope = ? AND key = ?", (scope, key))
        self._db.commit()

    def clear(self, scope: str) -> None:
        self._db.execute("DELETE FROM state WHERE scope = ?", (scope,))
        self._db.commit()

    def all(self, scope: str) -> dict[str, Any]:
        rows = self._db.execute("SELECT key, value FROM state WHERE scope = ?", (scope,)).fetchall()
        return {k: json.loads(v) for k, v in rows}

    def close(self) -> None:
        self._db.close()
