"""Connected Intercom accounts, kept only in the host's store (a file readable by its owner)."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from .host.sqlite import open_db
from .host.state import default_home

ConnectionKind = Literal["oauth", "token"]


@dataclass
class Connection:
    access_token: str
    kind: ConnectionKind = "oauth"
    region: str = "us"
    workspace_id: str | None = None
    workspace_name: str | None = None
    account_name: str = ""
    admin_id: str | None = None
    base_url: str | None = None
    refresh_token: str | None = None
    expires_at: float | None = None
    needs_reauth: bool = False
    profile: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    created_at: float = field(default_factory=time.time)

    def as_auth(self) -> dict[str, Any]:
        """What a component sees as ``context.auth`` for this account."""
        auth: dict[str, Any] = {
            "accessToken": self.access_token,
            "region": self.region,
            "workspaceId": self.workspace_id,
            "adminId": self.admin_id,
            "profileInfo": self.profile,
        }
        if self.base_url:
            auth["baseUrl"] = self.base_url
        return auth

    def public_view(self) -> dict[str, Any]:
        """Everything but secrets: for `auth status`, pages and logs."""
        return {
            "id": self.id,
            "kind": self.kind,
            "account": self.account_name,
            "region": self.region,
            "workspace_id": self.workspace_id,
            "workspace_name": self.workspace_name,
            "needs_reauth": self.needs_reauth,
        }

    def __repr__(self) -> str:  # dataclass repr would print the token
        return f"Connection({self.public_view()!r})"


SCHEMA = (
    "CREATE TABLE IF NOT EXISTS connections (id TEXT PRIMARY KEY, workspace_id TEXT,"
    " created_at REAL NOT NULL, data TEXT NOT NULL)"
)


class ConnectionStore:
    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else default_home() / "connections.db"
        self._db = open_db(self.path, SCHEMA, private=True)  # it holds tokens

    def save(self, connection: Connection) -> Connection:
        self._db.execute(
            "INSERT INTO connections (id, workspace_id, created_at, data) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET workspace_id = excluded.workspace_id, data = excluded.data",
            (connection.id, connection.workspace_id, connection.created_at, json.dumps(asdict(connection))),
        )
        self._db.commit()
        return connection

    def _load(self, row: tuple[str] | None) -> Connection | None:
        return Connection(**json.loads(row[0])) if row else None

    def get(self, connection_id: str) -> Connection | None:
        row = self._db.execute("SELECT data FROM connections WHERE id = ?", (connection_id,)).fetchone()
        return self._load(row)

    def by_workspace(self, workspace_id: str) -> Connection | None:
        return self._load(
            self._db.execute(
                "SELECT data FROM connections WHERE workspace_id = ? ORDER BY created_at DESC LIMIT 1",
                (workspace_id,),
            ).fetchone()
        )

    def default(self) -> Connection | None:
        """The most recently connected account."""
        return self._load(
            self._db.execute("SELECT data FROM connections ORDER BY created_at DESC LIMIT 1").fetchone()
        )

    def all(self) -> list[Connection]:
        rows = self._db.execute("SELECT data FROM connections ORDER BY created_at").fetchall()
        return [Connection(**json.loads(r[0])) for r in rows]

    def delete(self, connection_id: str) -> bool:
        cur = self._db.execute("DELETE FROM connections WHERE id = ?", (connection_id,))
        self._db.commit()
        return cur.rowcount > 0

    def close(self) -> None:
        self._db.close()
