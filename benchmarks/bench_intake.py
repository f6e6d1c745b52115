"""Webhook intake: signed notifications verified, deduplicated and routed to a trigger, end to end.

A ConversationClosed trigger listens for one connected workspace; each notification is new,
signed with the app's client secret (``bench_storage.signed``). A notification counts when
the trigger's message has been handed on: in process, to the runtime's ``on_emit``; over HTTP,
printed by ``intercom-connector serve`` (a process of its own, SQLite store) on its stdout.

- in process: the intake's ASGI routes called directly (no sockets, no HTTP client), 16 at a
  time, the runtime's dispatcher running meanwhile;
- over HTTP: one ``serve``, the client at concurrency 1, 16 and 200; p50/p99 are the answer
  times Intercom would see (routing happens after the answer). The client is the lean
  keep-alive one of ``benchmarks/load.py``: httpx at 200 connections spends more CPU than the
  intake it would measure, on the same two cores.

"At its cap": the store already holds as many accepted notification ids as the inbox keeps
(``MAX_REMEMBERED``) and the trigger as many seen keys, as after a busy week.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from intercom.host import Bundle
from intercom.host.context import state_scope
from intercom.host.triggers import FLOW_ID, TriggerRuntime
from intercom.server.threaded import free_port
from intercom.storage import Connection, ConnectionStore, Store
from intercom.storage.state import remember_keys
from intercom.webhooks import WEBHOOK_PATH
from intercom.webhooks.inbox import MAX_REMEMBERED

from .bench_storage import SECRET, signed
from .common import CONNECTOR, Options, Table, median, ms, percentile, stop, wait_until_up
from .load import post_request, send_all

WORKSPACE = "wsbench1"
CONCURRENCY = (1, 16, 200)


def _prepare(home: Path, at_cap: int) -> None:
    """A store with one connected account and a running trigger; ``at_cap`` ids already kept."""
    store = Store(home / "store.db")
    account = ConnectionStore(store).save(Connection(access_token="bench-token", kind="token",
                                                     workspace_id=WORKSPACE, id="conn-bench"))
    runtime = TriggerRuntime(Bundle.load(), store=store, accounts=ConnectionStore(store))
    instance = asyncio.run(runtime.start("ConversationClosed", {}, account=account))
    if at_cap:
        asyncio.run(_fill(store, state_scope(FLOW_ID, instance.id), at_cap))
    store.close()


async def _fill(store: Store, scope: str, count: int) -> None:
    now = time.time()
    for start in range(0, count, 10_000):
        keys = [f"old-{n}" for n in range(start, min(count, start + 10_000))]

        async def job(tx: Any, keys: list[str] = keys) -> None:
            await remember_keys(tx, scope, keys, now)
            await tx.executemany(
                "INSERT INTO inbox (key, topic, app_id, received_at, routed, done) VALUES (?, ?, ?, ?, 1, 1)",
                [(key, "conversation.admin.closed", WORKSPACE, now) for key in keys])

        await store.db.run(job)


Post = Callable[[bytes, dict[str, str]], Awaitable[int]]


def _notifications(count: int) -> list[tuple[bytes, dict[str, str]]]:
    """New, signed notifications, made before any clock starts (signing is Intercom's work)."""
    return [signed(f"n-{uuid.uuid4().hex}", WORKSPACE) for _ in range(count)]


async def _send(post: Post, notes: list[tuple[bytes, dict[str, str]]], concurrency: int) -> list[float]:
    gate = asyncio.Semaphore(concurrency)
    answers: list[float] = []

    async def one(body: bytes, headers: dict[str, str]) -> None:
        async with gate:
            started = time.perf_counter()
            status = await post(body, headers)
            answers.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"the intake answered {status}")

    await asyncio.gather(*(one(body, headers) for body, headers in notes))
    return answers


def _asgi(app: Any) -> Post:
    """POST straight into the ASGI app: the intake's own cost, no HTTP client's."""

    async def post(body: bytes, headers: dict[str, str]) -> int:
        raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": WEBHOOK_PATH, "raw_path": WEBHOOK_PATH.encode(),
                 "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1), "server": ("intake", 80),
                 "headers": [*raw, (b"content-length", str(len(body)).encode())]}
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        status = 0

        async def receive() -> dict[str, Any]:
            return messages.pop() if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(scope, receive, send)
        return status

    return post


RESENT = {"count": 0}  # deliveries sent again after a broken connection, as Intercom would


# -- in process ---------------------------------------------------------------------------


async def _in_process(home: Path, count: int) -> float:
    store = Store(home / "store.db")
    handed = 0
    done = asyncio.Event()

    async def on_emit(_instance: Any, _message: Any) -> None:
        nonlocal handed
        handed += 1
        if handed >= count:
            done.set()

    runtime = TriggerRuntime(Bundle.load(), store=store, accounts=ConnectionStore(store),
                             config={"clientSecret": SECRET}, on_emit=on_emit)
    post = _asgi(Starlette(routes=runtime.routes()))
    notes = _notifications(count)
    started = time.perf_counter()
    await _send(post, notes, 16)
    await asyncio.wait_for(done.wait(), timeout=600)
    took = time.perf_counter() - started
    await runtime.aclose()
    store.close()
    return took


# -- over HTTP, one `serve` -----------------------------------------------------------------


class Serve:
    """``intercom-connector serve`` on a free port; its stdout lines (the messages) counted."""

    def __init__(self, home: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "INTERCOM_CONNECTOR_HOME": str(home), "ACME_INTERCOM_CLIENT_ID": "bench",
               "ACME_INTERCOM_CLIENT_SECRET": SECRET}
        env.pop("INTERCOM_CONNECTOR_STORE", None)
        self._log = (home / "serve.log").open("wb")
        self.process = subprocess.Popen([str(CONNECTOR), "serve", "--port", str(self.port)],
                                        stdout=subprocess.PIPE, stderr=self._log, env=env)
        self.lines = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        wait_until_up(f"http://127.0.0.1:{self.port}/healthz", self.process, "serve")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for _ in self.process.stdout:
            self.lines += 1

    def wait_for(self, lines: int, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while self.lines < lines:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"serve handed on {self.lines} of {lines} messages")
            time.sleep(0.002)

    def close(self) -> None:
        stop(self.process)
        self._log.close()


async def _over_http(serve: Serve, count: int, concurrency: int) -> tuple[float, list[float]]:
    requests = [post_request("127.0.0.1", serve.port, WEBHOOK_PATH, body, headers)
                for body, headers in _notifications(count)]
    target = serve.lines + count
    started = time.perf_counter()
    load = await send_all("127.0.0.1", serve.port, requests, concurrency)
    await asyncio.to_thread(serve.wait_for, target)
    took = time.perf_counter() - started
    refused = [status for status in load.statuses if status != 200]
    if refused:
        raise RuntimeError(f"the intake answered {refused[0]} to {len(refused)} of {count} notifications")
    RESENT["count"] += load.resent
    return took, load.answers


def run(opts: Options) -> Table:
    count = 40 if opts.quick else 2_000
    cap = 1_000 if opts.quick else MAX_REMEMBERED
    # In process a measurement takes about a second, and single ones here spread by a quarter
    # either way as the machine's speed drifts: nine pairs (the other figures' five, over HTTP
    # three: each takes a `serve` and three concurrencies).
    reps, http_reps = (opts.reps, opts.reps) if opts.quick else (max(opts.reps, 9), min(opts.reps, 3))
    homes = {"empty": opts.work / "intake-empty", "cap": opts.work / "intake-cap"}
    for name, home in homes.items():
        home.mkdir()
        _prepare(home, cap if name == "cap" else 0)
    rates: dict[tuple[str, Any], list[float]] = {}
    answers: dict[tuple[str, Any], list[float]] = {}
    for rep in range(reps):
        for name in ("empty", "cap") if rep % 2 == 0 else ("cap", "empty"):  # each starts in turn
            took = asyncio.run(_in_process(homes[name], count))
            rates.setdefault((name, "in process"), []).append(count / took)
    for name, home in homes.items():
        if opts.quick and name == "cap":
            continue  # one `serve` is enough to show the path works
        serve = Serve(home)
        try:
            for _ in range(http_reps):
                for concurrency in CONCURRENCY:
                    sent = count if concurrency > 1 else max(10, count // 4)  # one at a time is slow
                    took, times = asyncio.run(_over_http(serve, sent, concurrency))
                    rates.setdefault((name, concurrency), []).append(sent / took)
                    answers.setdefault((name, concurrency), []).extend(times)
        finally:
            serve.close()
        print(f"  intake: {name} store done", flush=True)
    return _table(opts, count, cap, (reps, http_reps), rates, answers)


def _table(opts: Options, count: int, cap: int, reps: tuple[int, int],
           rates: dict[tuple[str, Any], list[float]], answers: dict[tuple[str, Any], list[float]]) -> Table:
    table = Table(
        "Webhook intake",
        f"{(__doc__ or '').split(chr(10), 1)[1].strip()}\n\n{count:,} notifications per measurement "
        f"({max(10, count // 4):,} at concurrency 1), "
        f"{reps[0]} repetitions in process and {reps[1]} over HTTP, medians; the cap is {cap:,} ids.",
        ["path", "concurrency", "store", "notifications/s (verified, deduplicated, routed)",
         "answer p50", "answer p99"],
    )
    for where in ("in process", *CONCURRENCY):
        for name in ("empty", "cap"):
            label = "fresh" if name == "empty" else f"at its cap ({cap:,} ids kept)"
            rate = median(rates.get((name, where), []))
            if where == "in process":
                table.rows.append(["in process (no sockets)", "16", label, f"{rate:,.0f}", "-", "-"])
            elif (name, where) in answers:
                times = answers[(name, where)]
                table.rows.append(["HTTP, one `serve`", str(where), label, f"{rate:,.0f}",
                                   ms(percentile(times, 0.5)), ms(percentile(times, 0.99))])
            else:
                table.rows.append(["HTTP, one `serve`", str(where), label, "not run with --quick", "-", "-"])
    if RESENT["count"]:
        table.notes.append(f"{RESENT['count']} deliveries over HTTP met a broken connection and were sent "
                           "again, as Intercom retries (their answer time counts from the first attempt).")
    inproc = median(rates[("empty", "in process")])
    # Each pair ran back to back (its order alternating), so their ratio leaves out the drift.
    at_cap = median([c / e for e, c in zip(rates[("empty", "in process")], rates[("cap", "in process")],
                                           strict=True)])
    http = median(rates[("empty", 200)])
    p99 = percentile(answers[("empty", 200)], 0.99)
    table.targets += [
        ("Webhook intake in process", "at least 2,000 notifications/s", f"{inproc:,.0f}/s", inproc >= 2000),
        ("Webhook intake over HTTP, one `serve`, concurrency 200", "at least 500/s",
         f"{http:,.0f}/s", http >= 500),
        ("Webhook answer p99 at concurrency 200", "under 1 s", ms(p99), p99 < 1.0),
        ("Intake with the dedupe state at its cap", "as fast as fresh",
         f"{at_cap:.2f}x the fresh store's rate in process (median of the pairs' ratios)", at_cap >= 0.9),
    ]
    return table
