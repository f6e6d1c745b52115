"""SQLite, the default store: one file under the host's home, private to its owner.

Jobs are run in batches, committed together, so a burst of webhook deliveries costs one commit,
not one each. An event loop's jobs run on the loop itself, once per pass of the loop, when the
file is free: in WAL mode a commit is a write into the page cache (about 20 µs here), far less
than handing the job to a thread and waking the loop again, and nothing else would run on a
second thread meanwhile for the GIL. What could keep a loop waiting goes to the file's worker
thread instead: a batch that finds another process writing (that waits up to the busy timeout
there), the checkpoints (the only fsyncs), the first connection, and blocking callers' jobs.
One loop's jobs still commit in the order they were sent: once any is with the worker, the
next go there too. WAL mode lets the CLI read while ``serve`` writes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import queue
import sqlite3
import threading
import weakref
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .db import Database, Job, Params, StoreError, T

MEMORY = ":memory:"
# How long a writer waits for another process's lock before saying the store is locked.
BUSY_TIMEOUT_SECONDS = 5.0
# Jobs committed together at most by the worker; more wait for its next commit.
MAX_BATCH = 256
# Commits between two checkpoints: each adds a few pages to the WAL, so it stays within about
# 10 MB; a page written again meanwhile is copied back once.
CHECKPOINT_EVERY = 1000


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


class _LoopJobs:
    """One event loop's jobs waiting for the loop's next pass, and how many it left to the worker."""

    __slots__ = ("scheduled", "waiting", "with_worker")

    def __init__(self) -> None:
        self.waiting: list[_Queued] = []
        self.with_worker = 0
        self.scheduled = False


@dataclass
class _Queued:
    job: Job[Any]
    # A blocking caller's future, or an awaiting caller's with the loop it belongs to.
    future: concurrent.futures.Future[Any] | asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop | None = None
    jobs: _LoopJobs | None = None  # set when the loop handed it to the worker

    def start(self) -> bool:
        """False when the caller gave up before the job ran: it is skipped."""
        if self.loop is None:
            return self.future.set_running_or_notify_cancel()  # type: ignore[union-attr]
        return not self.future.cancelled()


_Outcome = tuple[_Queued, Any, BaseException | None]


def _settle(outcomes: list[_Outcome]) -> None:
    """On the caller's loop: tell each awaiting caller its job's outcome."""
    for q, value, exc in outcomes:
        if q.jobs is not None:
            q.jobs.with_worker -= 1
        future: Any = q.future
        if future.cancelled():
            continue
        if exc is None:
            future.set_result(value)
        else:
            future.set_exception(exc)


class _Busy(Exception):
    """Another process holds the file: a loop's batch goes to the worker, which may wait."""


def _busy(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


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
_CHECKPOINT = object()


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
        # One connection, used by the worker and by event loops in turn, under this lock.
        self._conn: sqlite3.Connection | None = None
        self._using = threading.Lock()
        self._side: sqlite3.Connection | None = None  # the worker's, for checkpoints
        self._closed = False
        self._start = threading.Lock()
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopJobs] = (
            weakref.WeakKeyDictionary())
        self._commits = 0
        self._checkpoint_queued = False
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
        if self._closed:
            raise StoreError(f"the store {self.name} is closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        jobs = self._loops.get(loop)
        if jobs is None:
            jobs = self._loops[loop] = _LoopJobs()
        jobs.waiting.append(_Queued(job, future, loop))
        if not jobs.scheduled:
            jobs.scheduled = True
            loop.call_soon(self._run_waiting, jobs)
        return await future

    async def run_alone(self, job: Job[T]) -> T:
        # Here and now when the file is free: a caller that waits on each such job in turn (the
        # outbox's hand-on) then costs a small commit each, not a pass of the loop each.
        loop = asyncio.get_running_loop()
        jobs = self._loops.get(loop)
        if self._closed or (jobs is not None and jobs.with_worker) or not self._using.acquire(blocking=False):
            return await self.run(job)
        try:
            outcomes = None
            if self._conn is not None:
                outcomes = self._run_batch([_Queued(job, loop.create_future(), loop)], here=True)
        finally:
            self._using.release()
        if outcomes is None:
            return await self.run(job)
        self._committed()
        _, value, exc = outcomes[0]
        if exc is not None:
            raise exc
        return value

    def _run_waiting(self, jobs: _LoopJobs) -> None:
        """On the loop, once per pass: the jobs sent meanwhile, here if the file is free."""
        jobs.scheduled = False
        batch, jobs.waiting = jobs.waiting, []
        if self._closed:
            _settle([(q, None, StoreError(f"the store {self.name} is closed")) for q in batch])
            return
        outcomes = None
        # A loop whose earlier jobs are still with the worker sends these after them, so commits
        # keep the order they were sent; the worker also opens the connection (that may wait).
        if not jobs.with_worker and self._using.acquire(blocking=False):
            try:
                if self._conn is not None:
                    outcomes = self._run_batch(batch, here=True)
            finally:
                self._using.release()
        if outcomes is None:
            jobs.with_worker += len(batch)
            for q in batch:
                q.jobs = jobs
                self._put(q)
            return
        _settle(outcomes)
        self._committed()

    def _put(self, item: Any) -> None:
        if self._thread is None:
            with self._start:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._serve, name=f"sqlite {self.name}", daemon=True
                    )
                    self._thread.start()
        self._queue.put(item)

    def _committed(self) -> None:
        # The connection checkpoints only when told: SQLite's automatic one would fsync in
        # whichever thread commits, the event loop's included.
        self._commits += 1
        if self._commits >= CHECKPOINT_EVERY and not self._checkpoint_queued and self.path != MEMORY:
            self._commits = 0
            self._checkpoint_queued = True
            self._put(_CHECKPOINT)

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
            conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout, isolation_level=None,
                                   check_same_thread=False)
            try:
                if self.path != MEMORY:
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute("PRAGMA wal_autocheckpoint=0")
                # WAL with NORMAL survives a killed process; only a power cut can drop the last commits.
                conn.execute("PRAGMA synchronous=NORMAL")
                # A loop never waits for another process's lock: such a batch goes to the worker.
                conn.execute("PRAGMA busy_timeout=0")
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
                if first is _CHECKPOINT:
                    self._checkpoint()
                    continue
                batch = [first]
                closing = checkpoint = False
                while len(batch) < MAX_BATCH:
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is _CLOSE:
                        closing = True
                        break
                    if more is _CHECKPOINT:
                        checkpoint = True
                        continue
                    batch.append(more)
                with self._using:
                    outcomes = self._run_batch(batch, here=False) or []
                self._finish(outcomes)
                self._committed()
                if checkpoint:
                    self._checkpoint()
                if closing:
                    break
        finally:
            self._close_connection()
            self._fail_queued()

    def _close_connection(self) -> None:
        with self._using:
            for conn in (self._side, self._conn):
                if conn is not None:
                    conn.close()
            self._conn = self._side = None

    def _checkpoint(self) -> None:
        self._checkpoint_queued = False
        # Most of the WAL is copied back beside the loops' commits, on a connection of its own (a
        # passive checkpoint never blocks a writer); then what came meanwhile, holding the
        # connection, so that nothing is written during that last copy and the next commit starts
        # the WAL again from the top. Beside a busy writer alone it would never catch up.
        with suppress(sqlite3.Error):  # the next checkpoint copies what this one could not
            if self._side is None:
                self._side = sqlite3.connect(str(self.path), timeout=0, isolation_level=None,
                                             check_same_thread=False)
            self._side.execute("PRAGMA wal_checkpoint(PASSIVE)")
        with self._using:
            if self._conn is not None:
                with suppress(sqlite3.Error):
                    self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _fail_queued(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, _Queued) and item.start():
                self._finish([(item, None, StoreError(f"the store {self.name} is closed"))])

    def _run_batch(self, batch: list[_Queued], *, here: bool) -> list[_Outcome] | None:
        """The live jobs of ``batch`` in one transaction. ``here``: on a loop, which must not
        wait; None then means another process holds the file and nothing was run."""
        live = [q for q in batch if q.start()]
        if not live:
            return []
        outcomes: list[_Outcome] | None
        try:
            conn = self._connect()
            tx = _SqliteTx(conn)
            if self.first_job is not None:
                conn.execute("BEGIN IMMEDIATE")
                _drive(self.first_job, tx)
                conn.execute("COMMIT")
                self.first_job = None
            self._begin(conn, here)
            outcomes = self._run_together(conn, tx, live)
            if outcomes is None:  # a job failed, its writes mixed with the others': each on its own
                conn.execute("BEGIN IMMEDIATE")
                outcomes = self._run_apart(conn, tx, live)
            conn.execute("COMMIT")
        except _Busy:
            return None
        except sqlite3.Error as exc:
            self._reset()
            error = self.explain(exc)
            outcomes = [(q, None, error) for q in live]
        return outcomes

    def _begin(self, conn: sqlite3.Connection, here: bool) -> None:
        if here:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if _busy(exc):
                    raise _Busy from None
                raise
            return
        # The worker may wait for another process's lock, up to the busy timeout.
        conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
        try:
            conn.execute("BEGIN IMMEDIATE")
        finally:
            conn.execute("PRAGMA busy_timeout=0")

    @staticmethod
    def _run_together(conn: sqlite3.Connection, tx: _SqliteTx, live: list[_Queued]) -> list[_Outcome] | None:
        """Every job in the open transaction without savepoints, as most batches fail nothing.
        At the first failure all is rolled back and None returned: a job is a transaction's
        body, so running it again from the start is safe."""
        outcomes: list[_Outcome] = []
        for q in live:
            try:
                outcomes.append((q, _drive(q.job, tx), None))
            except BaseException:
                conn.execute("ROLLBACK")
                return None
        return outcomes

    def _run_apart(self, conn: sqlite3.Connection, tx: _SqliteTx, live: list[_Queued]) -> list[_Outcome]:
        """Each job in a savepoint of its own: a failing one is undone alone and told its error."""
        outcomes: list[_Outcome] = []
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
    def _finish(outcomes: list[_Outcome]) -> None:
        """From the worker: blocking callers now, each loop's callers in one call on that loop."""
        by_loop: dict[asyncio.AbstractEventLoop, list[_Outcome]] = {}
        for q, value, exc in outcomes:
            if q.loop is None:
                future: Any = q.future
                if exc is None:
                    future.set_result(value)
                else:
                    future.set_exception(exc)
            else:
                by_loop.setdefault(q.loop, []).append((q, value, exc))
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
