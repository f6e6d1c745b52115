"""POST /webhooks/intercom end to end: signature, parsing, duplicates, routing, dispatch."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from intercom.host import Bundle
from intercom.host.triggers import TriggerRuntime
from intercom.server.threaded import free_port
from intercom.storage import Store, TriggerInstance
from intercom.webhooks import WebhookInbox, WebhookIntake, parse_notification, sign, webhook_routes
from tests.trigger_support import (
    ALPHA,
    BETA,
    SECRET,
    Accounts,
    Clock,
    Crash,
    Outbox,
    account,
    deliver,
    encoded,
    make_runtime,
    notification,
    signed_headers,
)

T = 1_717_000_000
CONVERSATION = {"type": "conversation", "id": "1295", "created_at": T, "updated_at": T, "state": "open"}
ACCOUNTS = Accounts(account(ALPHA, "conn-alpha"), account(BETA, "conn-beta"))


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


@pytest.fixture
async def runtime(bundle: Bundle, outbox: Outbox, store: Store) -> AsyncIterator[TriggerRuntime]:
    """On SQLite, and on PostgreSQL when the tests have one."""
    runtime = make_runtime(bundle, clock=Clock(T), outbox=outbox, accounts=ACCOUNTS, store=store)
    yield runtime
    await runtime.aclose()


def client_for(runtime: TriggerRuntime) -> httpx.AsyncClient:
    app = Starlette(routes=runtime.routes())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://hooks.test")


async def start(runtime: TriggerRuntime, name: str, workspace: str = ALPHA, **properties: object) -> TriggerInstance:
    connection = ACCOUNTS.get("conn-alpha" if workspace == ALPHA else "conn-beta")
    assert connection is not None
    return await runtime.start(name, properties, account=connection)


def webhook_message(item: dict, topic: str, note_id: str = "notif_1", at: int = T) -> dict:
    return {**item, "event_topic": topic, "event_time": at, "event_id": note_id, "event_source": "webhook"}


async def test_a_signed_notification_reaches_every_subscribed_trigger_exactly_once(
    runtime: TriggerRuntime, outbox: Outbox
) -> None:
    new = await start(runtime, "NewConversation")
    updated = await start(runtime, "ConversationUpdated")
    closed = await start(runtime, "ConversationClosed")
    other_workspace = await start(runtime, "NewConversation", BETA)
    async with client_for(runtime) as client:
        answer = await deliver(client, notification("conversation.user.created", CONVERSATION))
    await runtime.drain()

    assert answer.status_code == 200
    expected = webhook_message(CONVERSATION, "conversation.user.created")
    assert outbox.of(new) == [expected]
    assert outbox.of(updated) == [expected]
    assert outbox.of(closed) == []
    assert outbox.of(other_workspace) == []
    assert [m.port for _, m in outbox.messages] == ["out", "out"]


async def test_routing_uses_the_workspace_of_the_notification(runtime: TriggerRuntime, outbox: Outbox) -> None:
    alpha = await start(runtime, "ConversationClosed", ALPHA)
    beta = await start(runtime, "ConversationClosed", BETA)
    async with client_for(runtime) as client:
        await deliver(client, notification("conversation.admin.closed", CONVERSATION, app_id=BETA))
    await runtime.drain()
    assert outbox.of(alpha) == []
    assert outbox.of(beta) == [webhook_message(CONVERSATION, "conversation.admin.closed")]


async def test_options_decide_the_topics_a_trigger_gets(runtime: TriggerRuntime, outbox: Outbox) -> None:
    by_contact = await start(runtime, "ConversationReplied", repliedBy="contact")
    by_admin = await start(runtime, "ConversationReplied", repliedBy="admin")
    by_either = await start(runtime, "ConversationReplied")
    async with client_for(runtime) as client:
        await deliver(client, notification("conversation.user.replied", CONVERSATION, note_id="n-user"))
        await deliver(client, notification("conversation.admin.replied", CONVERSATION, note_id="n-admin"))
    await runtime.drain()
    assert [m["event_id"] for m in outbox.of(by_contact)] == ["n-user"]
    assert [m["event_id"] for m in outbox.of(by_admin)] == ["n-admin"]
    assert [m["event_id"] for m in outbox.of(by_either)] == ["n-user", "n-admin"]


@pytest.mark.parametrize(("headers", "why"), [
    ({}, "unsigned"),
    ({"X-Hub-Signature": sign(b"{}", SECRET)}, "signature of another body"),
    ("forged", "signed with another secret"),
])
async def test_unsigned_or_forged_notifications_get_401_and_emit_nothing(
    runtime: TriggerRuntime, outbox: Outbox, headers: dict | str, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    await start(runtime, "NewConversation")
    body = encoded(notification("conversation.user.created", CONVERSATION))
    if headers == "forged":
        headers = signed_headers(body, secret="not-the-app-secret")
    async with client_for(runtime) as client:
        answer = await client.post("/webhooks/intercom", content=body, headers=headers)
    await runtime.drain()

    assert answer.status_code == 401, why
    assert answer.json() == {"status": "invalid signature"}
    assert outbox.messages == []
    assert runtime.inbox.pending_count() == 0
    stats = {s.topic: s.counts for s in runtime.inbox.stats()}
    assert stats["conversation.user.created"]["rejected"] == 1
    assert stats["conversation.user.created"]["accepted"] == 0
    assert SECRET not in caplog.text and SECRET not in answer.text


async def test_a_re_serialised_body_fails_its_original_signature(runtime: TriggerRuntime, outbox: Outbox) -> None:
    await start(runtime, "NewConversation")
    envelope = notification("conversation.user.created", CONVERSATION)
    original = encoded(envelope)
    pretty = json.dumps(envelope, indent=2).encode()
    async with client_for(runtime) as client:
        answer = await client.post("/webhooks/intercom", content=pretty, headers=signed_headers(original))
    assert answer.status_code == 401
    assert outbox.messages == []


async def test_a_rejected_body_with_an_unknown_topic_is_counted_without_trusting_it(
    runtime: TriggerRuntime,
) -> None:
    body = encoded(notification("made.up.topic", CONVERSATION))
    async with client_for(runtime) as client:
        answer = await client.post("/webhooks/intercom", content=body, headers={"X-Hub-Signature": "sha1=" + "0" * 40})
    assert answer.status_code == 401
    assert [(s.topic, s.counts["rejected"]) for s in runtime.inbox.stats()] == [("(unverified)", 1)]


@pytest.mark.parametrize("body", [
    b"not json",
    encoded({"type": "notification_event", "topic": "conversation.user.created"}),  # no app_id, data
    encoded({**notification("conversation.user.created", CONVERSATION), "type": "something_else"}),
    encoded({**notification("conversation.user.created", CONVERSATION), "data": {"item": "text"}}),
])
async def test_a_signed_but_malformed_body_gets_400(runtime: TriggerRuntime, outbox: Outbox, body: bytes) -> None:
    await start(runtime, "NewConversation")
    async with client_for(runtime) as client:
        answer = await client.post("/webhooks/intercom", content=body, headers=signed_headers(body))
    await runtime.drain()
    assert answer.status_code == 400
    assert outbox.messages == []


async def test_a_duplicate_delivery_is_emitted_once(runtime: TriggerRuntime, outbox: Outbox) -> None:
    instance = await start(runtime, "NewConversation")
    async with client_for(runtime) as client:
        first = await deliver(client, notification("conversation.user.created", CONVERSATION))
        await runtime.drain()
        # Intercom's retry: same id, one more attempt, so a different body and signature.
        again = await deliver(client, notification("conversation.user.created", CONVERSATION, attempts=2))
        await runtime.drain()
    assert (first.status_code, again.status_code) == (200, 200)
    assert outbox.of(instance) == [webhook_message(CONVERSATION, "conversation.user.created")]
    [stats] = runtime.inbox.stats()
    assert (stats.topic, stats.counts["accepted"], stats.counts["duplicate"]) == ("conversation.user.created", 1, 1)


async def test_duplicates_are_remembered_across_a_restart(bundle: Bundle, tmp_path: Path) -> None:
    outbox = Outbox()
    first = make_runtime(bundle, clock=Clock(T), outbox=outbox, accounts=ACCOUNTS, home=tmp_path)
    await start(first, "NewConversation")
    async with client_for(first) as client:
        await deliver(client, notification("conversation.user.created", CONVERSATION))
    await first.drain()
    await first.aclose()

    second = make_runtime(bundle, clock=Clock(T + 60), outbox=outbox, accounts=ACCOUNTS, home=tmp_path)
    async with client_for(second) as client:
        answer = await deliver(client, notification("conversation.user.created", CONVERSATION, attempts=2))
    await second.drain()
    await second.aclose()
    assert answer.status_code == 200
    assert len(outbox.messages) == 1


async def test_ping_and_head_get_200_and_emit_nothing(runtime: TriggerRuntime, outbox: Outbox) -> None:
    await start(runtime, "NewConversation")
    ping = notification("ping", {"type": "ping", "message": "something something interzen"}, note_id=None)
    async with client_for(runtime) as client:
        head = await client.head("/webhooks/intercom")
        pinged = await deliver(client, ping)
    await runtime.drain()
    assert (head.status_code, head.content) == (200, b"")
    assert pinged.status_code == 200
    assert outbox.messages == []
    assert runtime.inbox.pending_count() == 0
    assert [(s.topic, s.counts["accepted"]) for s in runtime.inbox.stats()] == [("ping", 1)]


async def test_an_unknown_workspace_gets_200_a_log_line_and_nothing_emitted(
    runtime: TriggerRuntime, outbox: Outbox, caplog: pytest.LogCaptureFixture
) -> None:
    await start(runtime, "NewConversation", ALPHA)
    caplog.set_level(logging.INFO, logger="intercom.triggers")
    async with client_for(runtime) as client:
        answer = await deliver(client, notification("conversation.user.created", CONVERSATION, app_id="nobody00"))
    await runtime.drain()
    assert answer.status_code == 200
    assert outbox.messages == []
    assert "unknown workspace nobody00" in caplog.text
    [stats] = runtime.inbox.stats()
    assert (stats.counts["accepted"], stats.counts["unrouted"]) == (1, 1)


async def test_events_out_of_order_are_each_emitted_with_their_own_time(
    runtime: TriggerRuntime, outbox: Outbox
) -> None:
    new = await start(runtime, "NewConversation")
    updated = await start(runtime, "ConversationUpdated")
    closed = {**CONVERSATION, "state": "closed", "updated_at": T + 90}
    async with client_for(runtime) as client:
        # The close (later) arrives before the creation (earlier).
        await deliver(client, notification("conversation.admin.closed", closed, note_id="n2", created_at=T + 90))
        await deliver(client, notification("conversation.user.created", CONVERSATION, note_id="n1", created_at=T))
    await runtime.drain()
    assert outbox.of(updated) == [
        webhook_message(closed, "conversation.admin.closed", "n2", T + 90),
        webhook_message(CONVERSATION, "conversation.user.created", "n1", T),
    ]
    assert outbox.of(new) == [webhook_message(CONVERSATION, "conversation.user.created", "n1", T)]


async def test_the_answer_does_not_wait_for_the_triggers(runtime: TriggerRuntime, outbox: Outbox) -> None:
    instance = await start(runtime, "NewConversation")
    release = asyncio.Event()
    delivered: list[dict] = []

    async def slow(emitting: TriggerInstance, message: object) -> None:
        await release.wait()
        delivered.append(message.data)  # type: ignore[attr-defined]

    runtime.on_emit = slow
    async with client_for(runtime) as client:
        answer = await asyncio.wait_for(
            deliver(client, notification("conversation.user.created", CONVERSATION)), timeout=2
        )
    assert answer.status_code == 200
    assert delivered == []  # acknowledged while the trigger is still busy
    release.set()
    await runtime.drain()
    assert delivered == [webhook_message(CONVERSATION, "conversation.user.created")]
    assert instance.id


async def test_a_failing_trigger_does_not_stop_the_others_nor_change_the_answer(
    runtime: TriggerRuntime, outbox: Outbox, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = await start(runtime, "NewConversation")
    healthy = await start(runtime, "ConversationUpdated")

    async def receive(context: object) -> None:
        raise RuntimeError("the record could not be fetched")

    monkeypatch.setattr(bundle.find("NewConversation").handler, "receive", receive)
    async with client_for(runtime) as client:
        answer = await deliver(client, notification("conversation.user.created", CONVERSATION))
    await runtime.drain()
    assert answer.status_code == 200
    assert outbox.of(healthy) == [webhook_message(CONVERSATION, "conversation.user.created")]
    assert outbox.of(broken) == []
    # Not given up on: the broken trigger's delivery waits for its retry.
    assert await runtime.deliveries.counts() == {"pending": 1, "dead": 0}


async def test_a_consumer_that_fails_gets_the_message_again_later(runtime: TriggerRuntime, outbox: Outbox) -> None:
    instance = await start(runtime, "ConversationClosed")
    consumer_up = False

    async def emit(emitter: TriggerInstance, message: object) -> None:
        if not consumer_up:
            raise RuntimeError("downstream is down")
        await outbox(emitter, message)  # type: ignore[arg-type]

    runtime.on_emit = emit
    await runtime.inbox.accept(parse_notification(encoded(notification("conversation.admin.closed", CONVERSATION))))
    await runtime.drain()
    assert outbox.messages == [] and await runtime.outbox.pending() == 1
    consumer_up = True
    assert await runtime.hand_on() == 1
    assert outbox.of(instance) == [webhook_message(CONVERSATION, "conversation.admin.closed")]
    assert await runtime.outbox.pending() == 0


async def test_a_crash_mid_dispatch_neither_loses_nor_repeats(bundle: Bundle, tmp_path: Path) -> None:
    """Accepted, then the process dies after one of two triggers got the event."""
    outbox = Outbox(fail_on={2})
    first = make_runtime(bundle, clock=Clock(T), outbox=outbox, accounts=ACCOUNTS, home=tmp_path)
    # Without catch-up, only the trigger's own record of notification ids prevents a repeat.
    a = await start(first, "NewConversation", catchUp=False)
    b = await start(first, "ConversationUpdated")
    async with client_for(first) as client:
        answer = await deliver(client, notification("conversation.user.created", CONVERSATION))
    with pytest.raises(Crash):
        await first.drain()
    await first.aclose()
    assert answer.status_code == 200
    assert len(outbox.messages) == 1

    restarted = make_runtime(bundle, clock=Clock(T + 5), outbox=outbox, accounts=ACCOUNTS, home=tmp_path)
    async with restarted.serving(tick_interval=3600):
        await restarted.drain()
    expected = webhook_message(CONVERSATION, "conversation.user.created")
    assert outbox.of(a) == [expected]
    assert outbox.of(b) == [expected]


async def test_stopping_a_trigger_removes_its_listeners(runtime: TriggerRuntime, outbox: Outbox) -> None:
    instance = await start(runtime, "NewConversation", startedBy="anyone")
    assert [listener.event for listener in await runtime.registry.listeners(instance.id)] == [
        "conversation.admin.single.created", "conversation.user.created",
    ]
    await runtime.stop(instance.id)
    assert await runtime.registry.listeners() == []
    assert await runtime.instances() == []
    async with client_for(runtime) as client:
        await deliver(client, notification("conversation.user.created", CONVERSATION))
    await runtime.drain()
    assert outbox.messages == []


async def test_413_for_an_oversized_body_declared_or_streamed(outbox: Outbox) -> None:
    inbox = WebhookInbox.in_memory()
    app = Starlette(routes=webhook_routes(WebhookIntake(SECRET, inbox, max_body_bytes=1024)))
    big = b"{" + b" " * 2048 + b"}"

    async def chunks():  # no Content-Length: the cap must hold while streaming
        for i in range(0, len(big), 256):
            yield big[i : i + 256]

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://hooks.test") as client:
        declared = await client.post("/webhooks/intercom", content=big, headers=signed_headers(big))
        streamed = await client.post("/webhooks/intercom", content=chunks(), headers=signed_headers(big))
    assert (declared.status_code, streamed.status_code) == (413, 413)
    assert inbox.pending_count() == 0


async def test_the_endpoint_never_answers_410(runtime: TriggerRuntime) -> None:
    """410 would make Intercom disable the subscription for every workspace of the app."""
    await start(runtime, "NewConversation")
    statuses = set()
    body = encoded(notification("conversation.user.created", CONVERSATION))
    async with client_for(runtime) as client:
        for method in ("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"):
            statuses.add((await client.request(method, "/webhooks/intercom")).status_code)
        statuses.add((await client.post("/webhooks/intercom", content=body)).status_code)
        statuses.add((await client.post("/webhooks/intercom", content=b"x", headers=signed_headers(b"x"))).status_code)
        statuses.add((await deliver(client, notification("conversation.user.created", CONVERSATION))).status_code)
        statuses.add((await deliver(client, notification("conversation.user.created", CONVERSATION))).status_code)
        statuses.add((await deliver(client, notification("anything.at.all", {"id": 1}, app_id="x"))).status_code)
    await runtime.drain()
    assert 410 not in statuses
    assert statuses == {200, 400, 401, 405}


async def test_the_duplicate_window_is_bounded_by_age_and_by_count() -> None:
    clock = Clock(T)
    inbox = WebhookInbox.in_memory(clock=clock)
    inbox.max_remembered = 3
    notes = [
        parse_notification(encoded(notification("contact.user.created", {"id": str(n)}, note_id=f"n{n}")))
        for n in range(5)
    ]
    for note in notes:
        assert await inbox.accept(note)
    for pending in inbox.pending():
        inbox.finish(pending.key)
    inbox.prune()
    assert inbox.remembered() == 3
    assert not await inbox.accept(notes[4])  # still remembered: a duplicate
    assert await inbox.accept(notes[0])  # forgotten by count, so accepted again (the window's limit)
    inbox.finish(notes[0].dedupe_key)
    clock.now = T + inbox.window_seconds + 1
    inbox.prune()
    assert inbox.remembered() == 0


async def test_pending_notifications_are_never_pruned() -> None:
    clock = Clock(T)
    inbox = WebhookInbox.in_memory(clock=clock)
    inbox.max_remembered = 0
    await inbox.accept(parse_notification(encoded(notification("contact.user.created", {"id": "1"}))))
    clock.now = T + inbox.window_seconds * 2
    inbox.prune()
    assert inbox.pending_count() == 1


async def test_mounted_with_a_lifespan_the_runtime_dispatches_and_ticks_on_its_own(
    bundle: Bundle, tmp_path: Path
) -> None:
    """The wiring `serve` uses: routes() mounted and serving() as the app's lifespan, under uvicorn."""
    outbox = Outbox()
    first = make_runtime(bundle, clock=Clock(T), outbox=outbox, accounts=ACCOUNTS, home=tmp_path)
    instance = await start(first, "ConversationClosed")
    left_over = notification("conversation.admin.closed", CONVERSATION, note_id="from-before-a-restart")
    await first.inbox.accept(parse_notification(encoded(left_over)))  # accepted, then the host stopped

    runtime = make_runtime(bundle, clock=Clock(T), outbox=outbox, accounts=ACCOUNTS, home=tmp_path)
    ticked: list[int] = []
    real_tick_all = runtime.tick_all

    async def counting_tick_all(**options: object) -> None:
        ticked.append(1)
        await real_tick_all(**options)  # type: ignore[arg-type]

    runtime.tick_all = counting_tick_all  # type: ignore[method-assign]
    app = Starlette(routes=runtime.routes(), lifespan=lambda _app: runtime.serving(tick_interval=0.01))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="on"))
    serving = asyncio.create_task(server.serve())
    body = encoded(notification("conversation.admin.closed", CONVERSATION, note_id="live"))
    try:
        for _ in range(500):
            if server.started and outbox.messages:
                break
            await asyncio.sleep(0.01)
        # Dispatched at start-up, before any new delivery woke the dispatcher.
        assert [m["event_id"] for m in outbox.of(instance)] == ["from-before-a-restart"]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", trust_env=False) as client:
            answer = await client.post("/webhooks/intercom", content=body, headers=signed_headers(body))
        for _ in range(200):
            if len(outbox.messages) == 2 and ticked:
                break
            await asyncio.sleep(0.01)
    finally:
        server.should_exit = True
        await serving
    assert answer.status_code == 200
    assert [m["event_id"] for m in outbox.of(instance)] == ["from-before-a-restart", "live"]
    assert ticked
    assert runtime.inbox.pending_count() == 0
