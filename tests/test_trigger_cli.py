"""`watch`, `webhooks setup|status` and `triggers start|list|stop`, as a user types them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner

from intercom.cli import main
from intercom.cli.triggers import watch_instance
from intercom.host import Bundle
from intercom.server.threaded import free_port
from intercom.storage import ConnectionStore
from intercom.webhooks import WebhookInbox, parse_notification
from intercom.webhooks.inbox import REJECTED
from tests.replay import BASE_URL, TOKEN
from tests.trigger_support import (
    ALPHA,
    SECRET,
    Accounts,
    Clock,
    Outbox,
    account,
    encoded,
    make_runtime,
    notification,
    signed_headers,
)

ME = {"type": "admin", "id": "991", "email": "ada@acme.test", "app": {"id_code": ALPHA, "name": "Acme", "region": "US"}}


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_setup_for_named_triggers_prints_the_url_topics_and_permissions() -> None:
    code, out, _ = invoke(
        "webhooks", "setup", "NewConversation", "ConversationClosed", "NewEvent",
        "--public-url", "https://hooks.acme.test/",
        env={"ACME_INTERCOM_CLIENT_SECRET": SECRET},
    )
    assert code == 0
    lines = out.splitlines()
    assert "1. Webhooks → Endpoint URL: https://hooks.acme.test/webhooks/intercom" in lines
    assert "2. Signatures: checked with the app's client secret (configured)." in lines
    ticks = [line.split()[2:] for line in lines if line.startswith("   [ ] ")]
    assert ticks == [
        ["conversation.admin.closed", "ConversationClosed"],
        ["conversation.admin.single.created", "NewConversation"],
        ["conversation.user.created", "NewConversation"],
        ["event.created", "NewEvent"],
    ]
    assert "   - Read conversations" in lines and "   - Read events" in lines
    assert SECRET not in out


def test_setup_warns_about_http_and_a_missing_secret() -> None:
    code, out, _ = invoke("webhooks", "setup", "ConversationClosed", "--public-url", "http://plain.test")
    assert code == 0
    assert "Warning: Intercom only accepts https:// endpoints" in out
    assert "2. Signatures: NOT POSSIBLE YET, clientSecret is not set" in out


def test_setup_refuses_names_that_are_not_webhook_triggers() -> None:
    assert invoke("webhooks", "setup", "NoSuchThing")[0] == 2
    code, _, err = invoke("webhooks", "setup", "ListContacts")
    assert code == 2 and "ListContacts receives no webhooks" in err


def test_setup_without_names_follows_the_running_triggers() -> None:
    code, out, _ = invoke("webhooks", "setup")
    assert code == 0 and "3. Topics: none needed by the triggers running now." in out

    ConnectionStore().save(account(ALPHA, "conn-alpha"))
    code, started, _ = invoke("triggers", "start", "ContactTagged", "--properties", '{"contactType": "lead"}')
    assert code == 0
    instance_id = started.strip()
    code, out, _ = invoke("webhooks", "setup", "--public-url", "https://hooks.acme.test")
    ticks = [line.split()[2:] for line in out.splitlines() if line.startswith("   [ ] ")]
    assert ticks == [["contact.lead.tag.created", "ContactTagged", f"({instance_id})"]]


def test_triggers_start_list_stop() -> None:
    ConnectionStore().save(account(ALPHA, "conn-alpha"))
    code, out, _ = invoke("triggers", "start", "NewContact", "--properties", '{"contactType": "user"}')
    assert code == 0
    instance_id = out.strip()
    code, out, _ = invoke("triggers", "list", "--json")
    [row] = json.loads(out)
    assert (row["id"], row["component"], row["workspace_id"], row["topics"]) == (
        instance_id, "acme.intercom.triggers.NewContact", ALPHA, ["contact.user.created"],
    )
    assert invoke("triggers", "stop", instance_id)[:2] == (0, f"stopped {instance_id}\n")
    assert json.loads(invoke("triggers", "list", "--json")[1]) == []
    assert invoke("triggers", "stop", instance_id)[0] == 2


def test_triggers_start_refuses_bad_options_and_actions() -> None:
    ConnectionStore().save(account(ALPHA, "conn-alpha"))
    code, _, err = invoke("triggers", "start", "NewContact", "--properties", '{"contactType": "robot"}')
    assert code == 2 and "contactType" in err
    code, _, err = invoke("triggers", "start", "ListContacts")
    assert code == 2 and "not a trigger" in err


def test_status_shows_each_topic_with_its_counts() -> None:
    assert invoke("webhooks", "status")[1].startswith("No webhook delivery has reached this host yet.")
    inbox = WebhookInbox(clock=lambda: 1_717_000_000.0)  # the configured store, as `serve` uses it
    note = parse_notification(encoded(notification("conversation.user.created", {"type": "conversation", "id": "1"})))

    async def deliveries() -> None:
        await inbox.accept(note)
        await inbox.accept(note)
        await inbox.count("conversation.admin.closed", REJECTED)

    asyncio.run(deliveries())
    code, out, _ = invoke("webhooks", "status")
    assert code == 0
    assert out.splitlines() == [
        "TOPIC                      LAST DELIVERY (UTC)   ACCEPTED  DUPLICATE  REJECTED  UNROUTED  FAILED",
        "conversation.admin.closed  2024-05-29 16:26:40          0          0         1         0       0",
        "conversation.user.created  2024-05-29 16:26:40          1          1         0         0       0",
        "waiting to be dispatched: 1",
    ]
    status = json.loads(invoke("webhooks", "status", "--json")[1])
    assert status["pending"] == 1
    assert status["topics"][1] == {
        "topic": "conversation.user.created", "last_delivery": 1_717_000_000.0,
        "accepted": 1, "duplicate": 1, "rejected": 0, "unrouted": 0, "failed": 0,
    }


def test_watch_prints_json_lines_and_stops_the_trigger() -> None:
    existing = {"type": "contact", "id": "6657ad000000000000000001", "role": "user", "created_at": 1_716_700_000,
                "updated_at": 1_716_700_000}
    with respx.mock(base_url=BASE_URL, assert_all_mocked=True, assert_all_called=True) as api:
        me = api.get("/me").respond(json=ME)
        search = api.post("/contacts/search").respond(
            json={"type": "list", "data": [existing], "total_count": 1, "pages": {"type": "pages"}}
        )
        code, out, err = invoke(
            "watch", "NewContact", "--checks", "1", "--interval", "0",
            "--properties", '{"receiveBy": "polling", "startFrom": 1716681600}',
            env={"INTERCOM_ACCESS_TOKEN": TOKEN},
        )
    assert code == 0, err
    key_prefix = json.loads(out.splitlines()[0])["key"].split(":")[0]
    assert [json.loads(line) for line in out.splitlines()] == [{
        "port": "out",
        "data": {**existing, "event_topic": "contact.user.created", "event_time": 1_716_700_000,
                 "event_id": None, "event_source": "poll"},
        "key": f"{key_prefix}:{existing['id']}",  # the trigger instance, then the record
    }]
    assert me.call_count == 1 and search.call_count == 1
    assert search.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert "stopped " in err
    assert json.loads(invoke("triggers", "list", "--json")[1]) == []  # nothing left behind
    assert not ConnectionStore().all()  # the environment's token is not stored


def test_watch_without_an_account_says_how_to_connect_one() -> None:
    code, _, err = invoke("watch", "ConversationClosed")
    assert code == 2 and "no Intercom account is connected" in err


async def test_watch_receives_webhooks_over_http(bundle: Bundle, tmp_path: Path) -> None:
    outbox = Outbox()
    accounts = Accounts(account(ALPHA, "conn-alpha"))
    runtime = make_runtime(bundle, clock=Clock(1_717_000_000), outbox=outbox, accounts=accounts)
    instance = await runtime.start("ConversationClosed", {}, account=accounts.by_id["conn-alpha"])
    port = free_port()
    watching = asyncio.create_task(
        watch_instance(runtime, instance, listen=("127.0.0.1", port), interval=60, checks=None)
    )
    url = f"http://127.0.0.1:{port}/webhooks/intercom"
    body = encoded(notification("conversation.admin.closed", {"type": "conversation", "id": "5"}))
    try:
        async with httpx.AsyncClient(trust_env=False) as client:
            for _ in range(100):
                try:
                    assert (await client.head(url)).status_code == 200
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.05)
            answer = await client.post(url, content=body, headers=signed_headers(body))
        for _ in range(100):
            if outbox.messages:
                break
            await asyncio.sleep(0.02)
    finally:
        watching.cancel()
        await asyncio.gather(watching, return_exceptions=True)
        await runtime.stop(instance.id)
        await runtime.aclose()
    assert answer.status_code == 200
    assert [m.data["id"] for _, m in outbox.messages] == ["5"]
    assert await runtime.instances() == []


@pytest.mark.parametrize("args", [["watch", "Nope"], ["watch", "ConversationClosed", "--properties", "[1]"]])
def test_watch_refuses_unknown_names_and_bad_json(args: list[str]) -> None:
    assert invoke(*args)[0] == 2
