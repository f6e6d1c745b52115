"""End to end over real sockets: the connector against the sandbox Intercom."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from intercom.client import IntercomClient, RetryPolicy, ServerError
from intercom.host import Bundle, Host
from intercom.server import ServerRuntime, create_app
from intercom.server.threaded import ThreadedServer
from intercom.storage import ConnectionStore, StateStore
from intercom_sandbox import SandboxConfig, SandboxServer
from intercom_sandbox.clock import SandboxClock


class SandboxTime:
    """The client's clock, tied to the sandbox's: waiting moves sandbox time instead of sleeping."""

    def __init__(self, clock: SandboxClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.clock.time()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)


@pytest.fixture
def sandbox_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(seed=450)) as sandbox:
        monkeypatch.setenv("INTERCOM_BASE_URL", sandbox.base_url)
        monkeypatch.setenv("INTERCOM_APP_URL", sandbox.base_url)
        yield sandbox


def test_oauth_login_against_the_sandbox(sandbox_env: SandboxServer, tmp_path: Path) -> None:
    config = {"clientId": sandbox_env.config.client_id, "clientSecret": sandbox_env.config.client_secret}
    store = ConnectionStore(tmp_path / "c.db")
    runtime = ServerRuntime(config=config, connections=store, state=StateStore(tmp_path / "s.db"), public_url="")
    with ThreadedServer(create_app(runtime)) as host:
        runtime.public_url = host.url
        page = httpx.get(host.url + "/auth/intercom/start", follow_redirects=True, timeout=10)
    assert page.status_code == 200
    (connection,) = store.all()
    admin, app = sandbox_env.store.default_admin(), sandbox_env.store.app
    assert connection.workspace_id == app["id_code"]
    assert connection.account_name == f"{app['name']} ({admin['email']})"
    assert connection.account_name in page.text and connection.admin_id == str(admin["id"])
    assert connection.access_token not in page.text


async def test_listing_450_contacts_through_the_sandbox_takes_3_requests(
        sandbox_env: SandboxServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="httpx")
    host = Host(Bundle.load(), connection={"accessToken": "sandbox-token"})
    emitted = await host.run("ListContacts", {"outputType": "array", "limit": 10000})
    requests = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert len(requests) == 3 and all("per_page=150" in line for line in requests)
    data = emitted[0].data
    assert data["count"] == 450 and len({c["id"] for c in data["result"]}) == 450


async def test_create_get_and_conflict_through_the_sandbox(sandbox_env: SandboxServer) -> None:
    host = Host(Bundle.load(), connection={"accessToken": "sandbox-token"})
    (created,) = await host.run("CreateContact", {"email": "e2e@acme.test", "name": "End To End"})
    contact = created.data
    (fetched,) = await host.run("GetContact", {"contactId": contact["id"]})
    assert fetched.port == "out" and fetched.data["email"] == "e2e@acme.test"
    with pytest.raises(Exception, match="409 conflict") as caught:
        await host.run("CreateContact", {"email": "e2e@acme.test"})
    assert contact["id"] in str(caught.value)
    (found,) = await host.run("SearchContacts", {"query": {"OR": [{"AND": [
        {"field": "email", "operator": "=", "value": "e2e@acme.test"},
        {"field": "created_at", "operator": ">", "value": str(contact["created_at"] - 86400)}]}]}})
    assert [c["id"] for c in found.data["result"]] == [contact["id"]]
    (message,) = await host.run("CreateConversation", {"contactId": contact["id"], "body": "Where is my parcel?"})
    (reply,) = await host.run("ReplyToConversation", {"conversationId": message.data["conversation_id"],
                                                       "body": "On its way!"})
    parts = reply.data["conversation_parts"]["conversation_parts"]
    assert reply.port == "out" and parts[-1]["body"].find("On its way!") >= 0


async def test_429_waits_for_the_window_to_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    with SandboxServer(SandboxConfig(seed=5, rate_limit=3, now=1_800_000_000)) as sandbox:
        clock = SandboxTime(sandbox.store.clock)
        async with IntercomClient("t", base_url=sandbox.base_url, clock=clock) as client:
            for _ in range(7):
                assert (await client.get("/admins"))["type"] == "admin.list"
    # 3 requests per 10-second window: two window resets were waited out, no error surfaced.
    assert len(clock.sleeps) == 2 and all(0 < s <= 10.1 for s in clock.sleeps)


async def test_5xx_faults_are_retried_for_reads_not_for_creates() -> None:
    with SandboxServer(SandboxConfig(seed=5, fault_rate=0.5, random_seed=7)) as sandbox:
        clock = SandboxTime(sandbox.store.clock)
        async with IntercomClient("t", base_url=sandbox.base_url, clock=clock,
                                  retry=RetryPolicy(max_retries=8)) as client:
            for _ in range(10):
                await client.get("/admins")  # every read gets through
            outcomes = []
            for i in range(10):
                try:
                    await client.post("/contacts", {"email": f"f{i}@acme.test"})
                    outcomes.append("created")
                except ServerError:
                    outcomes.append("5xx")
    assert "5xx" in outcomes and "created" in outcomes
    # A create that failed with 5xx was not sent again, so no contact exists twice or by surprise.
    created = [c for c in sandbox.store.contacts.values() if re.fullmatch(r"f\d@acme\.test", c.get("email") or "")]
    assert len(created) == outcomes.count("created")
