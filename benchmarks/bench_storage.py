"""The store under load: webhook intake in a burst, and a poll that finds 3,000 records.

1. 200 signed deliveries sent at once to the webhook intake (uvicorn on loopback, a trigger
   listening, so dispatch runs meanwhile): each answer's latency, p50 / p99 / max.
2. A polling trigger's check that finds 3,000 new contacts (the sandbox, pages of 150): the
   time spent writing its state (the one commit of its messages, seen keys and state), and the
   latency of webhook deliveries sent every 50 ms while the check runs.

Intercom counts an answer slower than 5 s as a failed delivery.

Run: python benchmarks/bench_storage.py [--store postgresql://...] [--burst 200] [--records 3000]
(default store: a SQLite file in a temporary folder; PostgreSQL needs INTERCOM_CONNECTOR_STORE_KEY).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette

from intercom.host import Bundle
from intercom.host.triggers import TriggerRuntime
from intercom.server.threaded import free_port
from intercom.storage import Connection, Store
from intercom.storage.outbox import Outbox
from intercom.webhooks import sign
from intercom_sandbox import SandboxConfig, SandboxServer

SECRET = "bench-client-secret"
T = 1_717_000_000


def signed(note_id: str, workspace: str) -> tuple[bytes, dict[str, str]]:
    envelope = {
        "type": "notification_event", "app_id": workspace, "id": note_id,
        "topic": "conversation.admin.closed",
        "created_at": int(time.time()), "delivery_attempts": 1,
        "data": {"type": "notification_event_data",
                 "item": {"type": "conversation", "id": note_id, "created_at": T, "state": "closed"}},
    }
    body = json.dumps(envelope).encode()
    return body, {"X-Hub-Signature": sign(body, SECRET), "Content-Type": "application/json"}


async def nothing(*_: Any) -> None:
    return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def serve(runtime: TriggerRuntime) -> tuple[uvicorn.Server, asyncio.Task[None], str]:
    port = free_port()
    app = Starlette(routes=runtime.routes(), lifespan=lambda _app: runtime.serving(tick_interval=3600))
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn only sets a flag)
        await asyncio.sleep(0.01)
    return server, task, f"http://127.0.0.1:{port}/webhooks/intercom"


async def post(client: httpx.AsyncClient, url: str, note_id: str, workspace: str) -> float:
    body, headers = signed(note_id, workspace)
    started = time.perf_counter()
    answer = await client.post(url, content=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return time.perf_counter() - started


async def burst(store: Store, bundle: Bundle, account: Connection, count: int) -> list[float]:
    runtime = TriggerRuntime(bundle, store=store, accounts={account.id: account},
                             config={"clientSecret": SECRET}, on_emit=nothing)
    await runtime.start("ConversationClosed", {}, account=account)
    server, task, url = await serve(runtime)
    limits = httpx.Limits(max_connections=count, max_keepalive_connections=0)
    async with httpx.AsyncClient(limits=limits, timeout=60, trust_env=False) as client:
        latencies = await asyncio.gather(
            *(post(client, url, f"burst-{n}-{time.time()}", str(account.workspace_id)) for n in range(count))
        )
    await runtime.drain()
    server.should_exit = True
    await task
    return list(latencies)


async def poll_while_receiving(
    store: Store, bundle: Bundle, account: Connection, records: int
) -> dict[str, Any]:
    with SandboxServer(SandboxConfig(now=T)) as sandbox:
        os.environ["INTERCOM_BASE_URL"] = sandbox.base_url
        clock = sandbox.store.clock
        runtime = TriggerRuntime(bundle, store=store, accounts={account.id: account},
                                 config={"clientSecret": SECRET}, on_emit=nothing, clock=clock.time)
        await runtime.start("ConversationClosed", {}, account=account)
        poller = await runtime.start("NewContact", {"receiveBy": "polling"}, account=account)
        for n in range(records):
            contact = {"email": f"p{n}@example.test", "role": "user"}
            sandbox.store.add_contact(contact, created_at=T + 1 + n % 50)
        clock.advance(120)
        commits: list[float] = []
        real_commit = Outbox.commit

        async def timed_commit(self: Outbox, unit: Any, **kwargs: Any) -> int:
            started = time.perf_counter()
            try:
                return await real_commit(self, unit, **kwargs)
            finally:
                commits.append(time.perf_counter() - started)

        Outbox.commit = timed_commit  # type: ignore[method-assign]
        server, task, url = await serve(runtime)
        latencies: list[float] = []
        async with httpx.AsyncClient(timeout=60, trust_env=False) as client:
            ticking = asyncio.create_task(runtime.tick_all())
            started = time.perf_counter()
            n = 0
            while not ticking.done():
                note_id = f"during-{n}-{time.time()}"
                latencies.append(await post(client, url, note_id, str(account.workspace_id)))
                n += 1
                await asyncio.sleep(0.05)
            await ticking
            tick_seconds = time.perf_counter() - started
        Outbox.commit = real_commit  # type: ignore[method-assign]
        emitted = await store.db.run(lambda tx: tx.fetchone(
            "SELECT COUNT(*) FROM seen WHERE scope = ?", (f"local:{poller.id}",)))
        server.should_exit = True
        await task
    return {"commits": commits, "latencies": latencies, "tick": tick_seconds,
            "emitted": emitted[0] if emitted else 0}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a postgresql:// URL (default: SQLite in a temporary folder)")
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--records", type=int, default=3000)
    args = parser.parse_args()
    bundle = Bundle.load()
    with tempfile.TemporaryDirectory() as home:
        location = args.store or str(Path(home) / "store.db")
        store = Store(location)
        account = Connection(access_token="bench-token", kind="token", workspace_id="wsbench1",
                             id="conn-bench")
        print(f"store: {store.name}")
        latencies = await burst(store, bundle, account, args.burst)
        print(f"{args.burst} concurrent signed deliveries: p50 {statistics.median(latencies):.3f} s, "
              f"p99 {percentile(latencies, 0.99):.3f} s, max {max(latencies):.3f} s "
              f"({sum(1 for x in latencies if x > 5)} over 5 s)")
        found = await poll_while_receiving(store, bundle, account, args.records)
        print(f"polling {args.records} new records: {found['emitted']} emitted; the check's state, "
              f"messages and seen keys written in {max(found['commits']):.3f} s (one commit); "
              f"all {len(found['commits'])} commits meanwhile {sum(found['commits']):.3f} s; "
              f"the check took {found['tick']:.2f} s")
        during = found["latencies"]
        print(f"webhook intake meanwhile: {len(during)} deliveries, p50 {statistics.median(during):.3f} s, "
              f"max {max(during):.3f} s")
        store.close()


if __name__ == "__main__":
    asyncio.run(main())
