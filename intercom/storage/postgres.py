"""PostgreSQL, for several ``serve`` instances sharing one store (psycopg 3, async pool).

Chosen with ``INTERCOM_CONNECTOR_STORE=postgresql://user:password@host:port/db``. The pool runs
on an event loop of its own (a daemon thread), so the same store serves the CLI's blocking calls
and the server's awaits, whichever loop they come from. Jobs that lose a serialization race or a
deadlock are retried; everything else surfaces as one ``StoreError`` line that names the server
but never its password.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .db import Database, Job, Params, StoreError, T

POOL_MAX = 10
CONNECT_TIMEOUT_SECONDS = 10.0
RETRIES = 5


def _psycopg() -> Any:
    try:
        import psycopg
        import psycopg_pool
    except ImportError:
        raise StoreError(
            "INTERCOM_CONNECTOR_STORE names PostgreSQL, but psycopg is not installed; "
            "install it with `pip install 'intercom-connector[postgresql]'`"
        ) from None
    return psycopg, psycopg_pool


def describe_url(url: str) -> str:
    """``PostgreSQL host:port/db``: what errors may say about a DSN (never the password)."""
    psycopg, _ = _psycopg()
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "PostgreSQL (unreadable INTERCOM_CONNECTOR_STORE)"
    where = f"{info.get('host') or 'localhost'}:{info.get('port') or 5432}"
    return f"PostgreSQL {where}/{info.get('dbname') or ''}"


@lru_cache(maxsize=256)
def _paramstyle(sql: str) -> str:
    # Stores write ``?``; psycopg wants ``%s`` (and a literal ``%`` doubled).
    return sql.replace("%", "%%").replace("?", "%s")


class _PgTx:
    dialect = "postgresql"

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        cur = await self._conn.execute(_paramstyle(sql), tuple(params))
        return int(cur.rowcount)

    async def fetchone(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        cur = await self._conn.execute(_paramstyle(sql), tuple(params))
        return await cur.fetchone()

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        cur = await self._conn.execute(_paramstyle(sql), tuple(params))
        return list(await cur.fetchall())

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self._conn.cursor() as cur:
            await cur.executemany(_paramstyle(sql), [tuple(r) for r in rows])


class PostgresDatabase(Database):
    dialect = "postgresql"

    def __init__(self, url: str, *, max_size: int = POOL_MAX) -> None:
        psycopg, psycopg_pool = _psycopg()
        self._errors = psycopg.errors
        self._operational = psycopg.OperationalError
        self.name = describe_url(url)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=self.name, daemon=True)
        self._thread.start()
        self._pool = psycopg_pool.AsyncConnectionPool(
            url, min_size=1, max_size=max_size, open=False, timeout=CONNECT_TIMEOUT_SECONDS,
            kwargs={"connect_timeout": int(CONNECT_TIMEOUT_SECONDS)},
        )
        self._closed = False
        try:
            asyncio.run_coroutine_threadsafe(self._open(), self._loop).result()
        except BaseException:
            self._stop_loop()
            raise

    async def _open(self) -> None:
        try:
            await self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_SECONDS)
        except Exception as exc:
            await self._pool.close()
            raise StoreError(
                f"cannot reach {self.name} ({_first_line(exc)}); check INTERCOM_CONNECTOR_STORE "
                "and that the server is running"
            ) from None

    def submit(self, job: Job[T]) -> concurrent.futures.Future[T]:
        if self._closed:
            future: concurrent.futures.Future[T] = concurrent.futures.Future()
            future.set_exception(StoreError(f"the store {self.name} is closed"))
            return future
        return asyncio.run_coroutine_threadsafe(self._run(job), self._loop)

    async def _run(self, job: Job[T]) -> T:
        retryable = (self._errors.SerializationFailure, self._errors.DeadlockDetected)
        for attempt in range(RETRIES):
            try:
                async with self._pool.connection() as conn, conn.transaction():
                    return await job(_PgTx(conn))
            except retryable:
                if attempt == RETRIES - 1:
                    raise
                await asyncio.sleep(0.01 * 2**attempt)
            except self._operational as exc:
                raise StoreError(
                    f"{self.name} failed ({_first_line(exc)}); check that the server is running"
                ) from exc
            except Exception as exc:
                if type(exc).__module__.startswith("psycopg"):
                    raise StoreError(f"{self.name} failed: {_first_line(exc)}") from exc
                raise
        raise AssertionError("unreachable")

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            asyncio.run_coroutine_threadsafe(self._pool.close(), self._loop).result(timeout=10)
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=10)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
