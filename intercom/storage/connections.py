"""Connected Intercom accounts, kept only in the host's store.

In SQLite the store is a file readable by its owner alone; in PostgreSQL each account's data
(its tokens) is encrypted with a key from ``INTERCOM_CONNECTOR_STORE_KEY`` (Fernet; several
comma-separated keys decrypt, the first encrypts, which is how a key is rotated). A key set for
SQLite encrypts there too.

Each row has a version: saving a connection read at version n succeeds only if nobody saved
it since (two instances refreshing one token cannot overwrite each other unseen).
``Connections`` is the async interface; ``ConnectionStore`` the same calls, blocking, for the CLI.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar

from .db import Database, StoreError, Tx
from .engine import database

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
    # The account `run`, `watch` and `triggers start` use when none is named. Only `auth use`
    # sets it; without one the first connected account is the default, so connecting another
    # (through `serve`, say) never changes it behind the user's back.
    default: bool = False
    profile: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    created_at: float = field(default_factory=time.time)
    # The stored row's version when read (0: never saved); see the module docstring.
    version: int = 0

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


R = TypeVar("R")
Call = tuple[Callable[[Tx], Any], Callable[[Any], R]]

KEY_ENV = "INTERCOM_CONNECTOR_STORE_KEY"
KEYGEN = "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
_SEALED = "fernet:"
_COLUMNS = "SELECT data, version FROM connections"


class StaleConnectionError(StoreError):
    """The connection was saved by someone else since it was read."""


class Sealer:
    """Encrypts the stored data when a key is configured (always, in PostgreSQL)."""

    def __init__(self, db: Database) -> None:
        keys = [k.strip() for k in os.environ.get(KEY_ENV, "").split(",") if k.strip()]
        self._fernet: Any = None
        if keys:
            from cryptography.fernet import Fernet, MultiFernet

            try:
                self._fernet = MultiFernet([Fernet(k) for k in keys])
            except ValueError:
                raise StoreError(
                    f"{KEY_ENV} is not a Fernet key (32 url-safe base64-encoded bytes); generate one with "
                    f"`{KEYGEN}`"
                ) from None
        elif db.dialect == "postgresql":
            raise StoreError(
                f"{KEY_ENV} is not set: tokens are encrypted at rest in PostgreSQL; generate a key with "
                f"`{KEYGEN}` and give the same one to every instance"
            )
        self._where = db.name

    def seal(self, text: str) -> str:
        return text if self._fernet is None else _SEALED + self._fernet.encrypt(text.encode()).decode()

    def open(self, stored: str) -> str:
        if not stored.startswith(_SEALED):
            return stored
        if self._fernet is None:
            raise StoreError(f"the connections in {self._where} are encrypted: set {KEY_ENV} to their key")
        from cryptography.fernet import InvalidToken

        try:
            return str(self._fernet.decrypt(stored.removeprefix(_SEALED).encode()).decode())
        except InvalidToken:
            raise StoreError(
                f"{KEY_ENV} does not decrypt the connections in {self._where}; "
                "give the key they were saved with"
            ) from None


def pick_default(connections: list[Connection]) -> Connection | None:
    """``connections`` oldest first: the one marked default, else the oldest."""
    return next((c for c in connections if c.default), connections[0] if connections else None)


class Connections:
    def __init__(self, source: Any = None) -> None:
        self.db: Database = database(source)
        self._sealer = Sealer(self.db)

    # Each call is a job (run in the store) and what turns its rows into connections.

    def _load(self, row: tuple[Any, ...] | None) -> Connection | None:
        if row is None:
            return None
        data = json.loads(self._sealer.open(row[0]))
        data.pop("version", None)
        return Connection(**data, version=int(row[1]))

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> Call[Connection | None]:
        async def job(tx: Tx) -> Any:
            return await tx.fetchone(sql, params)

        return job, self._load

    def _get(self, connection_id: str) -> Call[Connection | None]:
        return self._one(_COLUMNS + " WHERE id = ?", (connection_id,))

    def _by_workspace(self, workspace_id: str) -> Call[Connection | None]:
        return self._one(
            _COLUMNS + " WHERE workspace_id = ? ORDER BY created_at DESC LIMIT 1", (workspace_id,)
        )

    def _default(self) -> Call[Connection | None]:
        job, load_all = self._all()
        return job, lambda rows: pick_default(load_all(rows))

    def _all(self) -> Call[list[Connection]]:
        async def job(tx: Tx) -> Any:
            return await tx.fetchall(_COLUMNS + " ORDER BY created_at")

        return job, lambda rows: [c for c in (self._load(r) for r in rows) if c is not None]

    def _save(self, connection: Connection) -> Call[Connection]:
        fields = asdict(connection)
        fields.pop("version")
        data = self._sealer.seal(json.dumps(fields))

        async def job(tx: Tx) -> Any:
            if connection.version:
                changed = await tx.execute(
                    "UPDATE connections SET workspace_id = ?, data = ?, version = version + 1"
                    " WHERE id = ? AND version = ?",
                    (connection.workspace_id, data, connection.id, connection.version),
                )
                if changed:
                    return connection.version + 1
                if await tx.fetchone("SELECT 1 FROM connections WHERE id = ?", (connection.id,)):
                    raise StaleConnectionError(
                        f"the connection {connection.id} was changed by another command or instance "
                        "since it was read; read it again"
                    )
            row = await tx.fetchone(
                "INSERT INTO connections (id, workspace_id, created_at, version, data) VALUES (?, ?, ?, 1, ?)"
                " ON CONFLICT (id) DO UPDATE SET workspace_id = excluded.workspace_id, data = excluded.data,"
                " version = connections.version + 1 RETURNING version",
                (connection.id, connection.workspace_id, connection.created_at, data),
            )
            return int(row[0]) if row else 1

        def finish(version: int) -> Connection:
            connection.version = version
            return connection

        return job, finish

    def _delete(self, connection_id: str) -> Call[bool]:
        async def job(tx: Tx) -> Any:
            return await tx.execute("DELETE FROM connections WHERE id = ?", (connection_id,))

        return job, lambda count: count > 0

    async def _run(self, call: Call[R]) -> R:
        job, finish = call
        return finish(await self.db.run(job))

    def _run_sync(self, call: Call[R]) -> R:
        job, finish = call
        return finish(self.db.run_sync(job))

    async def get(self, connection_id: str) -> Connection | None:
        return await self._run(self._get(connection_id))

    async def by_workspace(self, workspace_id: str) -> Connection | None:
        return await self._run(self._by_workspace(workspace_id))

    async def default(self) -> Connection | None:
        """The account chosen with `auth use`, else the first one connected."""
        return await self._run(self._default())

    async def all(self) -> list[Connection]:
        return await self._run(self._all())

    async def save(self, connection: Connection) -> Connection:
        """Insert, or replace; a connection read from the store must still be at its version."""
        return await self._run(self._save(connection))

    async def delete(self, connection_id: str) -> bool:
        return await self._run(self._delete(connection_id))


class ConnectionStore:
    """``Connections``, blocking: for the CLI's commands and code that is not async.

    On the event loop, prefer ``aio`` (or ``aget``): these calls wait for the store.
    """

    def __init__(self, source: Any = None) -> None:
        self.aio = Connections(source)
        self.db = self.aio.db
        self.path = getattr(self.db, "path", None)

    def save(self, connection: Connection) -> Connection:
        return self.aio._run_sync(self.aio._save(connection))

    def get(self, connection_id: str) -> Connection | None:
        return self.aio._run_sync(self.aio._get(connection_id))

    async def aget(self, connection_id: str) -> Connection | None:
        return await self.aio.get(connection_id)

    def by_workspace(self, workspace_id: str) -> Connection | None:
        return self.aio._run_sync(self.aio._by_workspace(workspace_id))

    def default(self) -> Connection | None:
        return self.aio._run_sync(self.aio._default())

    def make_default(self, connection_id: str) -> Connection | None:
        """Make one connection the default (and no other); None when there is no such one."""
        chosen = None
        for connection in self.all():
            wanted = connection.id == connection_id
            if wanted:
                chosen = connection
            if connection.default != wanted:
                connection.default = wanted
                self.save(connection)
        return chosen

    def all(self) -> list[Connection]:
        return self.aio._run_sync(self.aio._all())

    def delete(self, connection_id: str) -> bool:
        return self.aio._run_sync(self.aio._delete(connection_id))

    def close(self) -> None:
        self.db.close()
