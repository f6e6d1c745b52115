"""SQLite, the default store: one file under the host's home, private to its owner.

One worker thread per file runs every job (see ``db``): the jobs queued meanwhile are run as a
batch, each in its own savepoint, and committed together, so a burst of webhook deliveries costs
one commit, not one each, and the event loop never waits on the disk. WAL mode lets the CLI read
while ``serve`` writes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import queue
import sqlite3
import threading
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .db import Database, Job, Params, StoreError, T

MEMORY = ":memory:"
# How long a writer waits for another process's lock before saying the store is locked.
BUSY_TIMEOUT_SECONDS = 5.0
# Jobs committed together at most; more wait for the next commit.
MAX_BATCH = 256


def prepare_private_file(path: Path) -> None:
    """The home folder 0700 and the file 0600 before anything is written, whoever creates them."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # A folder made by an older version (or by hand) is tightened too: it holds tokens.
    if path.parent.stat().st_uid == os.getuid():
        os.chmod(path.parent, 0o700)
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file == path or file.exists():
            os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(file, 0o600)


class _SqliteTx:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return self._conn.execute(sql, tuple(params)).rowcount

    async def fetchone(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        return self._conn.execute(sql, tuple(params)).fetchone()

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, tuple(params)).fetchall()

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        self._conn.executemany(sql, (tuple(r) for r in rows))


@dataclass
class _Queued:
    job: Job[Any]
    # A blocking caller's future, or an awaiting caller's with the loop it belongs to.
    future: concurrent.futures.Future[Any] | asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> bool:
        """False when the caller gave up before the job ran: it is skipped."""
        if self.loop is None:
            return self.future.set_running_or_notify_cancel()  # type: ignore[union-attr]
        return not self.future.cancelled()


_Settled = tuple["asyncio.Future[Any]", Any, BaseException | None]


def _settle(outcomes: list[_Settled]) -> None:
    for future, value, exc in outcomes:
        if future.cancelled():
            continue
        if exc is None:
            future.set_result(value)
        else:
            future.set_exception(exc)


def _drive(job: Job[Any], tx: _SqliteTx) -> Any:
    """Run a job to its end here: a transaction's statements never suspend, so no loop is needed."""
    coro = job(tx)
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise RuntimeError("a store job awaited something other than its transaction")


_CLOSE = object()


class SqliteDatabase(Database):
    dialect = "sqlite"
    ordered = True

    def __init__(self, path: Path | str, *, busy_timeout: float | None = None) -> None:
        self.path = path if str(path) == MEMORY else Path(path)
        self.name = str(self.path)
        self.busy_timeout = BUSY_TIMEOUT_SECONDS if busy_timeout is None else busy_timeout
        if isinstance(self.path, Path):
            try:
                prepare_private_file(self.path)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the store {self.path} ({exc.strerror}); "
                    "set INTERCOM_CONNECTOR_HOME to a folder you can write"
                ) from None
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        self._start = threading.Lock()
        # Run first, in the worker, before any other job (an in-memory store's schema).
        self.first_job: Job[Any] | None = None
        # Started by the first job: a Host's unused in-memory state costs no thread.
        self._thread: threading.Thread | None = None

    def submit(self, job: Job[T]) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        if self._closed:
            future.set_exception(StoreError(f"the store {self.name} is closed"))
            return future
        self._put(_Queued(job, future))
        return future

    async def run(self, job: Job[T]) -> T:
        # An asyncio future settled from the worker once per batch, not a concurrent one
        # wrapped per job: a burst of small jobs then costs the loop one wake-up.
        if self._closed:
            raise StoreError(f"the store {self.name} is closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._put(_Queued(job, future, loop))
        return await future

    def _put(self, item: _Queued) -> None:
        if self._thread is None:
            with self._start:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._serve, name=f"sqlite {self.name}", daemon=True
                    )
                    self._thread.start()
        self._queue.put(item)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put(_CLOSE)
            if self._thread is not None and threading.current_thread() is not self._thread:
                self._thread.join(timeout=10)

    # -- the worker thread ------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout, isolation_level=None)
            try:
                if self.path != MEMORY:
                    conn.execute("PRAGMA journal_mode=WAL")
                # WAL with NORMAL survives a killed process; only a power cut can drop the last commits.
                conn.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.Error:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _serve(self) -> None:
        try:
            while True:
                first = self._queue.get()
                if first is _CLOSE:
                    break
                batch = [first]
                closing = False
                while len(batch) < MAX_BATCH:
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is _CLOSE:
                        closing = True
                        break
                    batch.append(more)
                self._run_batch(batch)
                if closing:
                    break
        finally:
            if self._conn is not None:
                self._conn.close()
            self._fail_queued()

    def _fail_queued(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, _Queued) and item.start():
                self._finish([(item, None, StoreError(f"the store {self.name} is closed"))])

    def _run_batch(self, batch: list[_Queued]) -> None:
        live = [q for q in batch if q.start()]
        if not live:
            return
        outcomes: list[tuple[_Queued, Any, BaseException | None]] | None
        try:
            conn = self._connect()
            tx = _SqliteTx(conn)
            if self.first_job is not None:
                conn.execute("BEGIN IMMEDIATE")
                _drive(self.first_job, tx)
                conn.execute("COMMIT")
                self.first_job = None
            conn.execute("BEGIN IMMEDIATE")
            outcomes = self._run_together(conn, tx, live)
            if outcomes is None:  # a job failed, its writes mixed with the others': each on its own
                conn.execute("BEGIN IMMEDIATE")
                outcomes = self._run_apart(conn, tx, live)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._reset()
            error = self.explain(exc)
            outcomes = [(q, None, error) for q in live]
        self._finish(outcomes)

    @staticmethod
    def _run_together(
        conn: sqlite3.Connection, tx: _SqliteTx, live: list[_Queued]
    ) -> list[tuple[_Queued, Any, BaseException | None]] | None:
        """Every job in the open transaction without savepoints, as most batches fail nothing.
        At the first failure all is rolled back and None returned: a job is a transaction's
        body, so running it again from the start is safe."""
        outcomes: list[tuple[_Queued, Any, BaseException | None]] = []
        for q in live:
            try:
                outcomes.append((q, _drive(q.job, tx), None))
            except BaseException:
                conn.execute("ROLLBACK")
                return None
        return outcomes

    def _run_apart(
        self, conn: sqlite3.Connection, tx: _SqliteTx, live: list[_Queued]
    ) -> list[tuple[_Queued, Any, BaseException | None]]:
        """Each job in a savepoint of its own: a failing one is undone alone and told its error."""
        outcomes: list[tuple[_Queued, Any, BaseException | None]] = []
        for q in live:
            try:
                conn.execute("SAVEPOINT job")
                value = _drive(q.job, tx)
                conn.execute("RELEASE job")
                outcomes.append((q, value, None))
            except BaseException as exc:  # the job's own error goes back to its caller
                try:
                    conn.execute("ROLLBACK TO job")
                    conn.execute("RELEASE job")
                except sqlite3.Error:
                    pass
                outcomes.append((q, None, self.explain(exc) if isinstance(exc, sqlite3.Error) else exc))
        return outcomes

    @staticmethod
    def _finish(outcomes: list[tuple[_Queued, Any, BaseException | None]]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[_Settled]] = {}
        for q, value, exc in outcomes:
            if q.loop is None:
                future: Any = q.future
                if exc is None:
                    future.set_result(value)
                else:
                    future.set_exception(exc)
            else:
                by_loop.setdefault(q.loop, []).append((q.future, value, exc))  # type: ignore[arg-type]
        for loop, settled in by_loop.items():
            with suppress(RuntimeError):  # that loop is closed: nobody waits for these any more
                loop.call_soon_threadsafe(_settle, settled)

    def _reset(self) -> None:
        if self._conn is not None:
            try:
                self._conn.rollback()
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def explain(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
            message = (f"the store {self.name} is locked by another process; stop the other "
                       "`intercom-connector` command using it, or try again")
        elif isinstance(exc, sqlite3.DatabaseError) and (
            "not a database" in text or "malformed" in text or "corrupt" in text
        ):
            message = (f"the store {self.name} is damaged ({text}); move it aside and reconnect "
                       "(`auth login`), or restore it from a backup")
        elif isinstance(exc, sqlite3.OperationalError) and ("readonly" in text or "unable to open" in text):
            message = f"cannot write the store {self.name} ({text}); check the folder's owner and permissions"
        elif isinstance(exc, sqlite3.OperationalError) and "disk" in text:
            message = f"cannot write the store {self.name} ({text}); free some disk space"
        else:
            message = f"the store {self.name} failed: {text}"
        error = StoreError(message)
        error.__cause__ = exc
        return error


def open_db(path: Path | str, schema: str, *, private: bool = True) -> sqlite3.Connection:
    """A plain connection with ``schema`` applied, for the few callers that need raw SQLite.

    Every file is created private (0600 in a 0700 folder): ``private`` stays for callers'
    sake but no longer changes anything.
    """
    del private
    if str(path) != MEMORY:
        prepare_private_file(Path(path))
    db = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS)
    db.executescript(schema)
    db.commit()
    return db
