"""Two `serve` processes on one PostgreSQL, as behind a load balancer.

An OAuth flow started on one completes on the other; 1,000 signed deliveries spread over both,
one instance killed (kill -9) in the middle of them, reach each subscribed trigger exactly once
(a key at most repeated by the kill, as documented); a polling trigger ticks once per interval
between the two, not twice. Needs the PostgreSQL the tests are given ($INTERCOM_TEST_POSTGRES).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from intercom.host import Bundle
from intercom.host.triggers import TriggerRuntime
from intercom.server.threaded import ThreadedServer, free_port
from intercom.storage import Connection, ConnectionStore, Store, close_all
from intercom.webhooks import sign
from intercom_sandbox import SandboxConfig
from intercom_sandbox.app import create_app
from tests.conftest import POSTGRES_ENV, TEST_STORE_KEY, drop_postgres_schema, postgres_location
from tests.trigger_support import Outbox, encoded, notification

pytestmark = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV),
    reason=f"no PostgreSQL to test against: set {POSTGRES_ENV}=postgresql://... (.ci/run starts one)",
)

DELIVERIES = 1000
KILL_AFTER = 400
TICK_INTERVAL = 1.0
WINDOW_SECONDS = 4.0


class CountingApp:
    """The sandbox, counting the searches made against it (each polling check makes one)."""

    def __init__(self, app: Any) -> None:
        self.app, self.searches = app, []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/contacts/search":
            self.searches.append(time.monotonic())
        await self.app(scope, receive, send)


class Instance:
    """One `serve` process; its stdout lines (the messages) collected as they come."""

    def __init__(self, port: int, env: dict[str, str], public_url: str) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.lines: list[dict[str, Any]] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "intercom", "serve", "--port", str(port), "--public-url", public_url,
             "--tick-interval", str(TICK_INTERVAL)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()  # type: ignore[arg-type]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(json.loads(line))

    def wait_up(self) -> None:
        for _ in range(300):
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError(f"serve on {self.port} did not start: {''.join(self.stderr)}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def location() -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield postgres_location(schema)
    close_all()
    drop_postgres_schema(schema)


async def send_all(urls: dict[str, str], notes: list[dict[str, Any]], secret: str, kill: Any) -> list[int]:
    """Each delivery to one instance, alternating; one refused (the dead one) goes to the other."""
    answers: list[int] = []
    limit = asyncio.Semaphore(20)
    alive = dict(urls)

    async def deliver(n: int, note: dict[str, Any], client: httpx.AsyncClient) -> None:
        body = encoded(note)
        headers = {"X-Hub-Signature": sign(body, secret), "Content-Type": "application/json"}
        order = ["a", "b"] if n % 2 == 0 else ["b", "a"]
        async with limit:
            for name in order * 2:
                if name not in alive:
                    continue
                try:
                    answer = await client.post(alive[name] + "/webhooks/intercom", content=body, headers=headers)
                except httpx.TransportError:
                    continue  # what Intercom does too: deliver again (here, to the other one)
                answers.append(answer.status_code)
                return
            answers.append(0)

    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        await asyncio.gather(*(deliver(n, note, client) for n, note in enumerate(notes[:KILL_AFTER])))
        kill()
        alive.pop("a")
        await asyncio.gather(*(deliver(n, note, client) for n, note in enumerate(notes[KILL_AFTER:])))
    return answers


def test_two_instances_share_one_postgresql(location: str, tmp_path: Path, bundle: Bundle,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config = SandboxConfig()
    sandbox = CountingApp(create_app(config))
    with ThreadedServer(sandbox, lifespan="on") as intercom:
        workspace = sandbox.app.state.sandbox.app["id_code"]
        env = {**os.environ, "INTERCOM_CONNECTOR_STORE": location, "INTERCOM_CONNECTOR_STORE_KEY": TEST_STORE_KEY,
               "INTERCOM_CONNECTOR_HOME": str(tmp_path), "INTERCOM_BASE_URL": intercom.url,
               "INTERCOM_APP_URL": intercom.url, "ACME_INTERCOM_CLIENT_ID": config.client_id,
               "ACME_INTERCOM_CLIENT_SECRET": config.client_secret, "INTERCOM_CONNECTOR_LEASE_SECONDS": "1"}
        monkeypatch.setenv("INTERCOM_CONNECTOR_STORE_KEY", TEST_STORE_KEY)
        monkeypatch.setenv("INTERCOM_BASE_URL", intercom.url)
        store = Store(location)
        connection = ConnectionStore(store).save(
            Connection(access_token="sandbox-token", kind="token", workspace_id=workspace))
        setup = TriggerRuntime(bundle, store=store, accounts=ConnectionStore(store), on_emit=Outbox())
        closed = [asyncio.run(setup.start("ConversationClosed", {}, account=connection)) for _ in range(2)]
        polling = asyncio.run(setup.start("NewContact", {"receiveBy": "polling"}, account=connection))

        public = f"http://127.0.0.1:{free_port()}"  # the load balancer's address, the same for both
        a, b = Instance(free_port(), env, public), Instance(free_port(), env, public)
        try:
            a.wait_up()
            b.wait_up()

            # OAuth: started on one instance, the browser comes back to the other.
            with httpx.Client(trust_env=False, timeout=10) as browser:
                start = browser.get(a.url + "/auth/intercom/start")
                consent = browser.get(start.headers["location"])
                back = urlsplit(consent.headers["location"])
                assert back.path == "/auth/intercom/callback" and "state" in parse_qs(back.query)
                callback = browser.get(f"{b.url}{back.path}?{back.query}")
            assert callback.status_code == 200, callback.text
            assert len(ConnectionStore(store).all()) == 1  # the same workspace, connected again

            # Polling: both instances run the tick loop; only one ticks the trigger each interval.
            time.sleep(1.5)
            window_start = time.monotonic()
            time.sleep(WINDOW_SECONDS)
            checks = [t for t in sandbox.searches if window_start <= t < window_start + WINDOW_SECONDS]
            assert len(checks) <= WINDOW_SECONDS / TICK_INTERVAL + 1, f"{len(checks)} checks in {WINDOW_SECONDS} s"
            assert len(checks) >= WINDOW_SECONDS / TICK_INTERVAL - 2

            notes = [notification("conversation.admin.closed", {"type": "conversation", "id": str(n)},
                                  note_id=f"note-{n}", app_id=workspace, created_at=int(time.time()))
                     for n in range(DELIVERIES)]
            answers = asyncio.run(send_all({"a": a.url, "b": b.url}, notes, config.client_secret, a.kill))
            assert Counter(answers) == {200: DELIVERIES}

            expected = {f"note-{n}" for n in range(DELIVERIES)}
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                got = {(m["key"].split(":")[0], m["data"]["event_id"]) for m in a.lines + b.lines}
                if all((t.id, e) in got for t in closed for e in expected):
                    break
                time.sleep(0.2)
            time.sleep(1.5)  # anything more (a repeat) would show by now
            after_kill = [t for t in sandbox.searches if t > time.monotonic() - 2 * TICK_INTERVAL - 0.5]
        finally:
            a.stop()
            b.stop()
        messages = a.lines + b.lines
        for trigger in closed:
            mine = [m for m in messages if m["key"].startswith(trigger.id + ":")]
            events = Counter(m["data"]["event_id"] for m in mine)
            assert set(events) == expected, f"lost {sorted(expected - set(events))[:5]}"
            repeats = sum(n - 1 for n in events.values())
            assert repeats <= 1, f"{repeats} repeated messages after one kill"  # the documented bound
            assert all(len({m["key"] for m in mine if m["data"]["event_id"] == e}) == 1 for e in events)
        # The killed instance's tick lease moved: the survivor goes on checking.
        assert after_kill, "no polling check after the kill"
        assert not [m for m in messages if m["key"].startswith(polling.id)]  # no contact was created
        store.close()
