"""The database under every store, behind one async API: SQLite by default, PostgreSQL to share.

A store is written once as *jobs*: ``async def job(tx)`` runs its statements through ``tx`` and
the database runs the whole job as one transaction (committed when it returns, rolled back when
it raises). SQL uses ``?`` placeholders and the syntax both engines share (``ON CONFLICT``,
``RETURNING``); ``tx.dialect`` covers the rest.

Jobs sent meanwhile are committed together (group commit); a caller is answered only once its
job is committed. SQLite runs a loop's jobs on that loop, a batch per pass of the loop, and
leaves to one worker thread per file whatever could keep the loop waiting (another process's
lock, checkpoints) and the blocking callers' jobs (see ``sqlite``). PostgreSQL runs psycopg's
async pool on a loop of its own, so a store outlives the ``asyncio.run`` of any one command and
serves the CLI's blocking calls (``run_sync``) as well as the server's awaits.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
Params = Sequence[Any]


# Rows (or ids) per statement when writing many: well inside SQLite's 32,766 parameters.
CHUNK = 500
# Rows a maintenance delete (retention, caps) removes per transaction at most: a few
# milliseconds of work, so such a job never holds the store long, however far behind it is.
PRUNE_CHUNK = 5_000


async def insert_rows(tx: Tx, into: str, rows: Sequence[Params], tail: str = "") -> int:
    """``INSERT INTO <into> VALUES (...), ... <tail>``, a chunk of rows per statement; rows written."""
    written = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        marks = "(" + ", ".join("?" for _ in chunk[0]) + ")"
        written += await tx.execute(f"INSERT INTO {into} VALUES " + ", ".join(marks for _ in chunk) + tail,
                                    [p for row in chunk for p in row])
    return written


async def where_in(tx: Tx, sql: str, ids: Sequence[Any], *params: Any) -> int:
    """``sql`` ending in ``... IN`` run for ``ids`` a chunk at a time (``params`` come first)."""
    changed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        changed += await tx.execute(sql + " (" + ", ".join("?" for _ in chunk) + ")", [*params, *chunk])
    return changed


class StoreError(Exception):
    """The store cannot be used: one line naming it and saying what to do."""


class Tx(Protocol):
    """One transaction's statements (see the module docstring)."""

    dialect: str

    async def execute(self, sql: str, params: Params = ()) -> int: ...

    async def fetchone(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None: ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...


Job = Callable[[Tx], Awaitable[T]]


class Database(ABC):
    dialect: str
    # Names the store in errors and `webhooks status`, without any credential.
    name: str
    # True when one loop's jobs run one at a time in the order submitted (SQLite's one writer): a
    # job then sees every job its loop submitted before it, without waiting for them.
    ordered: bool = False

    @abstractmethod
    def submit(self, job: Job[T]) -> concurrent.futures.Future[T]: ...

    async def run(self, job: Job[T]) -> T:
        """Run ``job`` as one transaction."""
        return await asyncio.wrap_future(self.submit(job))

    async def run_alone(self, job: Job[T]) -> T:
        """``run`` for a small job that depends on nothing sent before it: where the engine can,
        it is committed at once, in a transaction of its own, rather than with the next batch."""
        return await self.run(job)

    def run_sync(self, job: Job[T]) -> T:
        """The same, blocking: for the CLI's synchronous commands."""
        return self.submit(job).result()

    @property
    @abstractmethod
    def closed(self) -> bool: ...

    @abstractmethod
    def close(self) -> None: ...
