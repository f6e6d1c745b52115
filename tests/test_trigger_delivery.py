"""Deliveries that fail are retried, then kept as dead letters that the CLI shows and sends again."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from click.testing import CliRunner

from intercom.cli import main
from intercom.host import Bundle
from intercom.host.triggers import TriggerRuntime
from intercom.storage import Connection, ConnectionStore, Store
from intercom.storage.deliveries import RETRY_DELAYS
from intercom.webhooks import parse_notification
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
)

T = 1_717_000_000
CONVERSATION = {"type": "conversation", "id": "1295", "created_at": T, "updated_at": T, "state": "closed"}
ACCOUNTS = Accounts(account(ALPHA, "conn-alpha"))


class Flaky:
    """A trigger's receive that fails its first ``failures`` calls, as a 503 fetching the record would."""

    def __init__(self, real: Any, failures: int) -> None:
        self.real, self.failures, self.calls = real, failures, 0

    async def __call__(self, context: Any) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise RuntimeError(f"Intercom 503 service_unavailable (call {self.calls})")
        await self.real(context)


@pytest.fixture
def clock() -> Clock:
    return Clock(T)


@pytest.fixture
async def runtime(bundle: Bundle, store: Store, clock: Clock) -> AsyncIterator[TriggerRuntime]:
    runtime = make_runtime(bundle, clock=clock, outbox=Outbox(), accounts=ACCOUNTS, store=store)
    yield runtime
    await runtime.aclose()


def flaky(monkeypatch: pytest.MonkeyPatch, bundle: Bundle, name: str, failures: int) -> Flaky:
    handler = bundle.find(name).handler
    receive = Flaky(handler.receive, failures)
    monkeypatch.setattr(handler, "receive", receive)
    return receive


async def accept(runtime: TriggerRuntime, note_id: str = "notif_1") -> None:
    note = notification("conversation.admin.closed", CONVERSATION, note_id=note_id, created_at=T)
    assert await runtime.inbox.accept(parse_notification(encoded(note)))


async def test_a_receive_that_fails_twice_then_succeeds_emits_its_event_once(
    runtime: TriggerRuntime, clock: Clock, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox: Outbox = runtime.on_emit  # type: ignore[assignment]
    instance = await runtime.start("ConversationClosed", {}, account=ACCOUNTS.by_id["conn-alpha"])
    receive = flaky(monkeypatch, bundle, "ConversationClosed", failures=2)
    await accept(runtime)
    await runtime.drain()
    await runtime.drain()  # not due yet: the retry waits its delay
    assert (receive.calls, outbox.of(instance)) == (1, [])
    for delay in RETRY_DELAYS[:2]:
        clock.now += delay
        await runtime.drain()
    assert receive.calls == 3
    assert [m["event_id"] for m in outbox.of(instance)] == ["notif_1"]
    clock.now += 3600
    await runtime.drain()
    assert receive.calls == 3 and len(outbox.of(instance)) == 1
    assert await runtime.dead_letters() == []


async def test_one_that_always_fails_ends_as_a_dead_letter_and_a_retry_emits_it_once(
    runtime: TriggerRuntime, clock: Clock, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox: Outbox = runtime.on_emit  # type: ignore[assignment]
    instance = await runtime.start("ConversationClosed", {}, account=ACCOUNTS.by_id["conn-alpha"])
    receive = flaky(monkeypatch, bundle, "ConversationClosed", failures=10**6)
    await accept(runtime)
    await runtime.drain()
    for delay in RETRY_DELAYS:
        clock.now += delay
        await runtime.drain()
    clock.now += 86_400
    await runtime.drain()  # given up: no more attempts
    assert receive.calls == len(RETRY_DELAYS) + 1 and outbox.of(instance) == []
    [dead] = await runtime.dead_letters()
    assert (dead.instance_id, dead.topic, dead.note_key, dead.attempts) == (
        instance.id, "conversation.admin.closed", "notif_1", 5)
    assert dead.error == "RuntimeError: Intercom 503 service_unavailable (call 5)"
    [stats] = runtime.inbox.stats()
    assert stats.counts["failed"] == 1
    receive.failures = 0
    assert await runtime.retry() == 1
    assert [m["event_id"] for m in outbox.of(instance)] == ["notif_1"]
    assert await runtime.retry() == 0 and await runtime.dead_letters() == []
    assert len(outbox.of(instance)) == 1


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_dead_letters_show_in_webhooks_status_and_triggers_list_and_triggers_retry_sends_them(
    bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the CLI, on the store `serve` uses (the home folder's)."""
    monkeypatch.setenv("ACME_INTERCOM_CLIENT_SECRET", SECRET)
    connection = ConnectionStore().save(Connection(access_token="tok-test", kind="token", workspace_id=ALPHA))
    clock = Clock(T)
    receive = flaky(monkeypatch, bundle, "ConversationClosed", failures=10**6)

    async def fail_for_good() -> str:
        runtime = TriggerRuntime.open(clock=clock, on_emit=Outbox(), bundle=bundle)
        instance = await runtime.start("ConversationClosed", {}, account=connection)
        await accept(runtime, "notif_dead")
        for delay in (0, *RETRY_DELAYS):
            clock.now += delay
            await runtime.drain()
        await runtime.aclose()
        return instance.id

    instance_id = asyncio.run(fail_for_good())
    code, out, _ = invoke("webhooks", "status")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split()[-1] == "1"  # the FAILED column of conversation.admin.closed
    assert lines[3] == "dead letters: 1 (`triggers retry [ID...]` sends them again)"
    assert lines[4].startswith(f"  {instance_id}  conversation.admin.closed  notif_dead  ")
    assert lines[4].endswith("after 5 attempts: RuntimeError: Intercom 503 service_unavailable (call 5)")
    [row] = json.loads(invoke("triggers", "list", "--json")[1])
    assert [(d["notification"], d["attempts"]) for d in row["dead_letters"]] == [("notif_dead", 5)]
    assert "1 dead letter(s), last: conversation.admin.closed notif_dead: RuntimeError" in invoke("triggers", "list")[1]

    receive.failures = 0  # whatever broke is fixed (and the CLI loads the bundle afresh anyway)
    code, out, err = invoke("triggers", "retry", instance_id)
    assert code == 0, err
    [line] = out.splitlines()
    message = json.loads(line)
    assert (message["data"]["event_id"], message["key"]) == ("notif_dead", f"{instance_id}:notif_dead")
    assert err.strip().endswith("retried 1 dead letter(s); 0 still dead")
    assert invoke("triggers", "retry")[1] == ""
    assert "dead letters" not in invoke("webhooks", "status")[1]


async def test_a_lock_is_held_by_one_caller_at_a_time(bundle: Bundle, store: Store) -> None:
    from intercom.host import Host
    from intercom.host.context import LockedError

    host = Host(bundle, state=store.state)
    context = host.context_for(bundle.find("ConversationClosed"), component_id="c-1")
    order: list[str] = []

    async def worker(name: str) -> None:
        async with context.lock("contacts-import", retry_delay=0.01):
            order.append(f"{name} in")
            await asyncio.sleep(0.05)
            order.append(f"{name} out")

    await asyncio.gather(worker("a"), worker("b"))
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
    held = await context.lock("contacts-import")
    with pytest.raises(LockedError, match="the lock 'contacts-import' is held elsewhere; gave up after 2 retries"):
        await context.lock("contacts-import", retry_delay=0.01, max_retries=2)
    await held.unlock()
    await (await context.lock("contacts-import")).unlock()


async def test_a_burst_of_deliveries_reads_the_state_each_one_before_it_wrote(
    runtime: TriggerRuntime, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commits are written while the next receive runs; a receive reading state still sees them."""
    outbox: Outbox = runtime.on_emit  # type: ignore[assignment]
    await runtime.start("ConversationClosed", {}, account=ACCOUNTS.by_id["conn-alpha"])

    async def counting(context: Any) -> None:
        seen = await context.state_get("count", 0)
        await context.state_set("count", seen + 1)
        await context.send_json({"count": seen + 1})

    monkeypatch.setattr(bundle.find("ConversationClosed").handler, "receive", counting)
    for n in range(6):
        await accept(runtime, f"notif_{n}")
    await runtime.drain()
    assert [m.data for _, m in outbox.messages] == [{"count": n} for n in range(1, 7)]


async def test_each_message_is_taken_off_the_outbox_before_the_next_goes_out(
    runtime: TriggerRuntime,
) -> None:
    """So a process killed while handing on repeats at most the message in hand."""
    left_when_sent: list[int] = []
    sent: list[tuple[str, str, Any]] = []

    async def on_emit(instance: Any, message: Any) -> None:
        left_when_sent.append(await runtime.outbox.pending())
        sent.append((instance.id, message.key, message.data))

    runtime.on_emit = on_emit
    instance = await runtime.start("ConversationClosed", {}, account=ACCOUNTS.by_id["conn-alpha"])
    for n in range(5):
        await accept(runtime, f"notif_{n}")
    routed = await runtime.deliveries.route(now=T)
    claimed = await runtime.deliveries.claim(runtime.owner, now=T, wall=runtime.wall(), lease=30)
    assert routed.deliveries == len(claimed) == 5
    for delivery in claimed:  # all five committed before any goes out
        task = await runtime._deliver(delivery, {}, after=None)
        assert task is not None
        await task
    assert await runtime.hand_on() == 5
    assert left_when_sent == [5, 4, 3, 2, 1]
    # Oldest first, each with its stable key and the event it carries.
    assert sent == [(instance.id, f"{instance.id}:notif_{n}",
                     {**CONVERSATION, "event_topic": "conversation.admin.closed", "event_time": T,
                      "event_id": f"notif_{n}", "event_source": "webhook"}) for n in range(5)]
