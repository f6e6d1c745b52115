"""New Contact over real sockets: the sandbox drops and duplicates webhooks, nothing is lost or repeated."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from intercom.host import Bundle
from intercom.host.triggers import TriggerRuntime
from intercom.kit.triggers import CATCH_UP_GRACE
from intercom.server.threaded import free_port
from intercom.storage import Store
from intercom_sandbox import SandboxConfig, SandboxServer
from tests.trigger_support import Accounts, Outbox, account

CONTACTS = 24


async def test_new_contact_with_lost_and_doubled_webhooks(bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    config = SandboxConfig(
        webhook_url=f"http://127.0.0.1:{port}/webhooks/intercom",
        drop_webhook_rate=0.25,
        duplicate_webhook_rate=0.25,
        random_seed=11,
        now=1_717_000_000,
    )
    with SandboxServer(config) as sandbox:
        monkeypatch.setenv("INTERCOM_BASE_URL", sandbox.base_url)
        workspace = sandbox.store.app["id_code"]
        connection = account(workspace, "conn-sandbox")
        outbox = Outbox()
        runtime = TriggerRuntime(
            bundle,
            store=Store.in_memory(),
            accounts=Accounts(connection),
            config={"clientSecret": config.client_secret},
            on_emit=outbox,
            clock=sandbox.store.clock.time,
        )
        instance = await runtime.start("NewContact", {}, account=connection)
        server = uvicorn.Server(uvicorn.Config(Starlette(routes=runtime.routes()), port=port, log_level="warning"))
        serving = asyncio.create_task(server.serve())
        try:
            for _ in range(500):  # uvicorn says when it listens; wait at most 5 s
                if server.started:
                    break
                await asyncio.sleep(0.01)
            headers = {"Authorization": "Bearer sandbox", "Intercom-Version": "2.10"}
            async with httpx.AsyncClient(base_url=sandbox.base_url, headers=headers, trust_env=False) as api:
                created = [
                    (await api.post("/contacts", json={"email": f"p{i}@example.test"})).json()["id"]
                    for i in range(CONTACTS)
                ]
            # Let the sandbox deliver (and retry) everything it meant to, then dispatch it all.
            await asyncio.to_thread(sandbox.store.webhooks.close)
            await runtime.drain()
            by_webhook = [m["id"] for m in outbox.of(instance)]

            sandbox.store.clock.advance(CATCH_UP_GRACE + 60)
            await runtime.tick_all()
        finally:
            server.should_exit = True
            await serving
            await runtime.aclose()

    log = sandbox.store.webhook_log
    dropped = {e["payload"]["data"]["item"]["id"] for e in log if e["dropped"]}
    doubled = {e["payload"]["data"]["item"]["id"] for e in log if e["duplicate"]}
    assert dropped and doubled, "the seed should make the sandbox drop and duplicate some"
    assert set(by_webhook) == set(created) - dropped
    sent = [m["id"] for m in outbox.of(instance)]
    assert Counter(sent) == Counter(created)  # each contact exactly once
    sources = {m["id"]: m["event_source"] for m in outbox.of(instance)}
    assert {cid for cid, source in sources.items() if source == "catch-up"} == dropped
