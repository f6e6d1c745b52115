"""Every trigger component: its topics, its manifest, and one message per notification."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from starlette.applications import Starlette

from intercom.cli import main
from intercom.host import Bundle, CancelError, Component, Host
from intercom.host.runner import InvalidInputError
from intercom.host.triggers import TriggerRuntime
from intercom.host.validate import check_component
from intercom.kit.triggers import EventTrigger
from intercom.storage import ListenerRegistry, StateStore
from intercom.webhooks import TOPICS
from intercom.webhooks.notification import PING_TOPIC
from tests.trigger_support import ALPHA, Accounts, Clock, Outbox, account, deliver, make_runtime, notification

T = 1_717_000_000
BUNDLE = Bundle.load()
TRIGGERS = [c for c in BUNDLE.components if c.is_trigger]


def trigger_of(component: Component) -> EventTrigger:
    trigger = getattr(component.handler.start, "__self__", None)
    assert isinstance(trigger, EventTrigger), f"{component.short_name} is not declared with the kit"
    return trigger


def test_every_2_10_topic_has_a_trigger_and_every_trigger_topic_exists() -> None:
    used = {topic for c in TRIGGERS for topic in trigger_of(c).topics.all()}
    assert used - set(TOPICS) == set(), "topics Intercom 2.10 does not have"
    assert set(TOPICS) - used == set(), "topics no trigger listens to"
    assert PING_TOPIC not in used


def test_trigger_names_labels_and_modules() -> None:
    for component in TRIGGERS:
        assert component.name == f"acme.intercom.triggers.{component.short_name}"
        assert component.raw_manifest["webhook"] is True
    labels = [c.label for c in TRIGGERS]
    assert len(labels) == len(set(labels)), "two triggers look the same in the palette"
    polling = sorted(c.short_name for c in TRIGGERS if c.raw_manifest.get("tick"))
    assert polling == [
        "ContactUpdated", "ConversationUpdated", "NewCompany", "NewContact", "NewConversation", "TicketCreated",
    ]


def test_components_json_lists_the_triggers_as_triggers() -> None:
    result = CliRunner().invoke(main, ["components", "--json"])
    assert result.exit_code == 0, result.output
    entries = {e["name"]: e for e in json.loads(result.output)}
    for component in TRIGGERS:
        assert entries[component.name]["trigger"] is True
    assert entries["acme.intercom.contacts.ListContacts"]["trigger"] is False


def test_validate_passes_with_the_triggers() -> None:
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert f"{len(BUNDLE.components)} component manifests are valid" in result.output


def test_the_validator_requires_a_way_to_run_a_trigger() -> None:
    component = BUNDLE.find("ConversationClosed")
    raw = {k: v for k, v in component.raw_manifest.items() if k != "webhook"}
    problems = check_component(Component(component.folder, raw), {"requests"})
    assert ("(top level)", "a trigger needs tick or webhook (or both), or nothing runs it") in problems


def test_the_validator_asks_a_tick_only_trigger_for_tick_but_not_receive() -> None:
    component = BUNDLE.find("ConversationClosed")
    raw = {**{k: v for k, v in component.raw_manifest.items() if k != "webhook"}, "tick": True}
    problems = check_component(Component(component.folder, raw), {"requests"})
    assert problems == [("(handler)", "defines no tick() although the manifest implies it")]


def sample(schema: dict[str, Any], topic: str, n: int) -> dict[str, Any]:
    """The smallest item the port's item schema accepts (record ``n``)."""
    item_schema = schema["allOf"][0]
    values = {"string": str(n), "integer": T, "object": {}, "boolean": True}
    item: dict[str, Any] = {}
    for name in item_schema.get("required", []):
        kind = item_schema["properties"][name]["type"]
        item[name] = values[kind if isinstance(kind, str) else kind[0]]
    item.setdefault("type", topic.split(".")[0])
    return item


ACCOUNTS = Accounts(account(ALPHA, "conn-alpha"))


@pytest.fixture
async def runtime() -> AsyncIterator[tuple[TriggerRuntime, Outbox]]:
    outbox = Outbox()
    runtime = make_runtime(BUNDLE, clock=Clock(T), outbox=outbox, accounts=ACCOUNTS)
    yield runtime, outbox
    await runtime.aclose()


@pytest.mark.parametrize("component", TRIGGERS, ids=[c.short_name for c in TRIGGERS])
async def test_each_topic_of_each_trigger_gives_one_valid_message(
    component: Component, runtime: tuple[TriggerRuntime, Outbox]
) -> None:
    rt, outbox = runtime
    connection = ACCOUNTS.get("conn-alpha")
    assert connection is not None
    instance = await rt.start(component.short_name, {}, account=connection)
    topics = [listener.event for listener in await rt.registry.listeners(instance.id)]
    assert topics, "with its default options a trigger listens to something"
    schema = component.out_port("out")["schema"]
    app = Starlette(routes=rt.routes())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://h.test") as client:
        for n, topic in enumerate(topics):
            item = sample(schema, topic, n)
            await deliver(client, notification(topic, item, note_id=f"n{n}", created_at=T + n))
    await rt.drain()
    sent = outbox.of(instance)
    assert [(m["event_topic"], m["event_id"], m["event_source"]) for m in sent] == [
        (topic, f"n{n}", "webhook") for n, topic in enumerate(topics)
    ]
    for message in sent:
        Draft202012Validator(schema).validate(message)
    assert [m.port for _, m in outbox.messages] == ["out"] * len(topics)


@pytest.mark.parametrize(("name", "properties", "item", "sent"), [
    ("NewEvent", {"eventName": "invited-friend"}, {"event_name": "invited-friend"}, True),
    ("NewEvent", {"eventName": "invited-friend"}, {"event_name": "logged-in"}, False),
    ("TicketStateChanged", {"state": "resolved"}, {"ticket_state": "resolved"}, True),
    ("TicketStateChanged", {"state": "resolved"}, {"ticket_state": "in_progress"}, False),
    ("NewConversation", {"startedBy": "anyone"}, {"source": {"author": {"type": "admin"}}}, True),
])
async def test_trigger_filters(
    runtime: tuple[TriggerRuntime, Outbox], name: str, properties: dict, item: dict, sent: bool
) -> None:
    rt, outbox = runtime
    connection = ACCOUNTS.get("conn-alpha")
    assert connection is not None
    instance = await rt.start(name, properties, account=connection)
    [topic, *_] = [listener.event for listener in await rt.registry.listeners(instance.id)]
    app = Starlette(routes=rt.routes())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://h.test") as client:
        await deliver(client, notification(topic, {"type": "x", "id": "1", **item}))
    await rt.drain()
    assert len(outbox.of(instance)) == (1 if sent else 0)


async def test_add_listener_needs_the_accounts_workspace() -> None:
    host = Host(BUNDLE, connection={"accessToken": "t"}, listeners=ListenerRegistry.in_memory(),
                state=StateStore.in_memory())
    with pytest.raises(CancelError, match="no workspace id"):
        await host.call_trigger("ConversationClosed", "start", component_id="c1")


async def test_a_host_without_a_registry_says_how_to_run_triggers() -> None:
    host = Host(BUNDLE, connection={"accessToken": "t", "workspaceId": ALPHA}, state=StateStore.in_memory())
    with pytest.raises(CancelError, match="runs no triggers"):
        await host.call_trigger("ConversationClosed", "start", component_id="c1")


async def test_a_trigger_ignores_topics_it_did_not_ask_for() -> None:
    """Options changed under a running trigger: it only emits what its options choose now."""
    host = Host(BUNDLE, connection={"accessToken": "t", "workspaceId": ALPHA}, state=StateStore.in_memory())
    note = notification("conversation.admin.replied", {"type": "conversation", "id": "1"})
    emitted = await host.call_trigger(
        "ConversationReplied", "receive", component_id="c1", properties={"repliedBy": "contact"},
        webhook={"data": note},
    )
    assert emitted == []


@pytest.mark.parametrize(("name", "properties", "listens_to"), [
    ("ContentStatRecorded", {"contentTypes": ["email", "survey"]}, ["content_stat.email", "content_stat.survey"]),
    ("TicketContactsChanged", {"change": "removed"}, ["ticket.contact.detached"]),
    ("ContactSubscribed", {"scope": "type"}, ["granular.subscribe"]),
    ("TicketAssigned", {"assignedTo": "team"}, ["ticket.team.assigned"]),
    ("ContactUntagged", {"contactType": "lead"}, ["contact.lead.tag.deleted"]),
    ("TicketReplied", {}, ["ticket.admin.replied", "ticket.contact.replied"]),
])
async def test_a_choice_property_picks_the_topics_listened_to(
    runtime: tuple[TriggerRuntime, Outbox], name: str, properties: dict, listens_to: list[str]
) -> None:
    rt, _ = runtime
    connection = ACCOUNTS.get("conn-alpha")
    assert connection is not None
    instance = await rt.start(name, properties, account=connection)
    assert sorted(listener.event for listener in await rt.registry.listeners(instance.id)) == listens_to


async def test_no_content_type_chosen_is_refused_before_listening(runtime: tuple[TriggerRuntime, Outbox]) -> None:
    rt, _ = runtime
    connection = ACCOUNTS.get("conn-alpha")
    assert connection is not None
    with pytest.raises(InvalidInputError, match="properties: field 'contentTypes': \\[\\] should be non-empty"):
        await rt.start("ContentStatRecorded", {"contentTypes": []}, account=connection)
    assert await rt.registry.listeners() == []
    assert await rt.instances() == []
