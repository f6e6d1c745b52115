"""Polling and catch-up against a scripted history: every record exactly once.

The fake search (tests/trigger_support.py) compares dates by calendar day, hides records
until they are indexed, and cuts pages where it likes, as Intercom's search does.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from intercom.host import Bundle, InvalidInputError
from intercom.host.triggers import TriggerRuntime
from intercom.kit.polling import DAY_MARGIN, OVERLAP_SECONDS
from intercom.kit.triggers import CATCH_UP_EVERY, CATCH_UP_GRACE
from intercom.storage import TriggerInstance
from tests.replay import BASE_URL
from tests.trigger_support import (
    ALPHA,
    DAY,
    Accounts,
    Clock,
    Crash,
    FakeSearch,
    Outbox,
    account,
    deliver,
    make_runtime,
    notification,
)

# A few minutes before a UTC midnight, so windows cross a day boundary.
MIDNIGHT = 1_717_027_200
assert MIDNIGHT % DAY == 0
T0 = MIDNIGHT - 300
ACCOUNTS = Accounts(account(ALPHA, "conn-alpha"))


def contact(n: int, created_at: int, role: str = "user", updated_at: int | None = None) -> dict[str, Any]:
    return {
        "type": "contact",
        "id": f"{n:024x}",
        "role": role,
        "email": f"c{n}@example.test",
        "created_at": created_at,
        "updated_at": updated_at if updated_at is not None else created_at,
    }


def polled(record: dict[str, Any], topic: str | None, field: str = "created_at", source: str = "poll") -> dict:
    return {**record, "event_topic": topic, "event_time": record[field], "event_id": None, "event_source": source}


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_mocked=True, assert_all_called=False) as router:
        yield router


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


@pytest.fixture
async def runtime(bundle: Bundle, clock: Clock, outbox: Outbox, tmp_path: Path) -> AsyncIterator[TriggerRuntime]:
    runtime = make_runtime(bundle, clock=clock, outbox=outbox, accounts=ACCOUNTS, home=tmp_path)
    yield runtime
    await runtime.aclose()


async def start(runtime: TriggerRuntime, name: str, **properties: Any) -> TriggerInstance:
    connection = ACCOUNTS.get("conn-alpha")
    assert connection is not None
    return await runtime.start(name, properties, account=connection)


async def tick_at(runtime: TriggerRuntime, clock: Clock, when: int) -> None:
    clock.now = when
    await runtime.tick_all()


async def test_the_scripted_contact_history_is_emitted_exactly_once(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter, bundle: Bundle, tmp_path: Path
) -> None:
    search = FakeSearch(clock, "data", page_size=2)
    route = api.post("/contacts/search").mock(side_effect=search)
    search.add(contact(1, T0 - 40))  # existed before the trigger started: never sent
    instance = await start(runtime, "NewContact", receiveBy="polling")
    assert route.call_count == 0  # the baseline is the clock, not a request

    # Two contacts in the same second, one more on the next page (pages hold two).
    c2, c3, c4 = search.add(contact(2, T0 + 10)), search.add(contact(3, T0 + 10, "lead")), search.add(contact(4, T0 + 20))
    await tick_at(runtime, clock, T0 + 60)
    assert outbox.of(instance) == [
        polled(c2, "contact.user.created"), polled(c3, "contact.lead.created"), polled(c4, "contact.user.created"),
    ]
    # The exact search: one day-and-an-hour before the window, because dates compare by day.
    assert search.bodies[0] == {
        "query": {"field": "created_at", "operator": ">", "value": T0 - DAY_MARGIN},
        "pagination": {"per_page": 150},
    }
    assert search.bodies[1] == {
        "query": {"field": "created_at", "operator": ">", "value": T0 - DAY_MARGIN},
        "pagination": {"per_page": 150, "starting_after": "2"},
    }

    # Created before the last check but searchable only minutes later; a new one after midnight.
    late = search.add(contact(5, T0 + 50), indexed_at=T0 + 250)
    after_midnight = search.add(contact(6, MIDNIGHT + 30))
    for when in (T0 + 120, T0 + 180, T0 + 240):  # neither is searchable yet
        await tick_at(runtime, clock, when)
    assert len(outbox.of(instance)) == 3
    await tick_at(runtime, clock, MIDNIGHT + 60)
    assert outbox.of(instance)[3:] == [polled(late, "contact.user.created"), polled(after_midnight, "contact.user.created")]
    await tick_at(runtime, clock, MIDNIGHT + 500)
    assert len(outbox.of(instance)) == 5

    # A crash after fetching, before anything is sent: a restart sends everything once.
    c7, c8 = search.add(contact(7, MIDNIGHT + 520)), search.add(contact(8, MIDNIGHT + 530))
    outbox.fail_on = {outbox.attempts + 1}
    clock.now = MIDNIGHT + 560
    with pytest.raises(Crash):
        await runtime.tick_all()
    await runtime.aclose()
    restarted = make_runtime(bundle, clock=clock, outbox=outbox, accounts=ACCOUNTS, home=tmp_path)
    await tick_at(restarted, clock, MIDNIGHT + 600)
    assert outbox.of(instance)[5:] == [polled(c7, "contact.user.created"), polled(c8, "contact.user.created")]

    # A crash between two messages: the one sent is not sent again.
    c9, c10 = search.add(contact(9, MIDNIGHT + 610)), search.add(contact(10, MIDNIGHT + 620))
    outbox.fail_on = {outbox.attempts + 2}
    clock.now = MIDNIGHT + 660
    with pytest.raises(Crash):
        await restarted.tick_all()
    await restarted.aclose()
    again = make_runtime(bundle, clock=clock, outbox=outbox, accounts=ACCOUNTS, home=tmp_path)
    await tick_at(again, clock, MIDNIGHT + 720)
    for minute in range(13, 40):  # many more checks re-read the overlap: nothing new
        await tick_at(again, clock, MIDNIGHT + minute * 60)

    sent = [m["id"] for m in outbox.of(instance)]
    assert sent == [r["id"] for r in (c2, c3, c4, late, after_midnight, c7, c8, c9, c10)]
    assert len(sent) == len(set(sent))


async def test_a_late_record_older_than_the_overlap_is_the_documented_limit(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    """Lag up to OVERLAP_SECONDS is covered; a record indexed later than that is not (by design)."""
    search = FakeSearch(clock, "data")
    api.post("/contacts/search").mock(side_effect=search)
    instance = await start(runtime, "NewContact", receiveBy="polling")
    within = search.add(contact(1, T0 + 10), indexed_at=T0 + 10 + OVERLAP_SECONDS - 60)
    beyond = search.add(contact(2, T0 + 20), indexed_at=T0 + 20 + OVERLAP_SECONDS + 300)
    for minute in range(1, 30):
        await tick_at(runtime, clock, T0 + minute * 60)
    assert [m["id"] for m in outbox.of(instance)] == [within["id"]]
    assert beyond["id"] not in [m["id"] for m in outbox.of(instance)]


async def test_start_from_sends_existing_records_once(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    search = FakeSearch(clock, "data")
    api.post("/contacts/search").mock(side_effect=search)
    old, older = search.add(contact(1, T0 - 3 * DAY)), search.add(contact(2, T0 - 10 * DAY))
    instance = await start(runtime, "NewContact", receiveBy="polling", startFrom="2024-05-26T00:00:00Z")
    await tick_at(runtime, clock, T0 + 60)
    await tick_at(runtime, clock, T0 + 120)
    assert outbox.of(instance) == [polled(old, "contact.user.created")]
    assert older["created_at"] < 1_716_681_600 <= old["created_at"]


async def test_a_contact_type_filters_the_search(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    search = FakeSearch(clock, "data")
    api.post("/contacts/search").mock(side_effect=search)
    instance = await start(runtime, "NewContact", receiveBy="polling", contactType="lead")
    search.add(contact(1, T0 + 5, "user"))
    lead = search.add(contact(2, T0 + 6, "lead"))
    await tick_at(runtime, clock, T0 + 60)
    assert outbox.of(instance) == [polled(lead, "contact.lead.created")]
    assert search.bodies[0]["query"] == {
        "operator": "AND",
        "value": [
            {"field": "created_at", "operator": ">", "value": T0 - DAY_MARGIN},
            {"field": "role", "operator": "=", "value": "lead"},
        ],
    }


async def test_updates_are_keyed_by_record_and_time(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    search = FakeSearch(clock, "data")
    api.post("/contacts/search").mock(side_effect=search)
    instance = await start(runtime, "ContactUpdated", receiveBy="polling")
    search.add(contact(1, T0 + 5))  # created, never changed: New Contact's business
    changed = contact(2, T0 - DAY, updated_at=T0 + 30)
    search.records.append((T0, changed))
    await tick_at(runtime, clock, T0 + 60)
    await tick_at(runtime, clock, T0 + 120)  # the same snapshot again, inside the overlap
    changed_again = {**changed, "name": "Ada", "updated_at": T0 + 150}
    search.records[-1] = (T0, changed_again)
    await tick_at(runtime, clock, T0 + 180)
    assert outbox.of(instance) == [
        polled(changed, "contact.user.updated", "updated_at"),
        polled(changed_again, "contact.user.updated", "updated_at"),
    ]
    assert search.bodies[0]["query"] == {"field": "updated_at", "operator": ">", "value": T0 - DAY_MARGIN}


async def test_conversation_updated_polls_by_update_time(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    search = FakeSearch(clock, "conversations")
    api.post("/conversations/search").mock(side_effect=search)
    instance = await start(runtime, "ConversationUpdated", receiveBy="polling")
    conversation = {"type": "conversation", "id": "77", "created_at": T0 - 500, "updated_at": T0 + 20}
    search.records.append((T0, conversation))
    await tick_at(runtime, clock, T0 + 60)
    assert outbox.of(instance) == [polled(conversation, None, "updated_at")]


async def test_new_ticket_and_new_company_poll_their_own_endpoints(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    tickets = FakeSearch(clock, "tickets")
    api.post("/tickets/search").mock(side_effect=tickets)
    ticket = tickets.add({"type": "ticket", "id": "9", "created_at": T0 + 5, "ticket_state": "submitted"})
    # Companies have no search: a scroll over all of them, the creation date checked here.
    scroll_pages = [
        {"type": "list", "data": [{"type": "company", "id": "a", "created_at": T0 - 99},
                                  {"type": "company", "id": "b", "created_at": T0 + 7}], "scroll_param": "s-1"},
        {"type": "list", "data": [], "scroll_param": "s-1"},
    ]
    companies = api.get("/companies/scroll").mock(
        side_effect=[httpx.Response(200, json=page) for page in scroll_pages]
    )
    new_ticket = await start(runtime, "TicketCreated", receiveBy="polling")
    new_company = await start(runtime, "NewCompany", receiveBy="polling")
    await tick_at(runtime, clock, T0 + 60)
    assert outbox.of(new_ticket) == [polled(ticket, "ticket.created")]
    assert outbox.of(new_company) == [polled(scroll_pages[0]["data"][1], "company.created")]
    assert [dict(c.request.url.params) for c in companies.calls] == [{}, {"scroll_param": "s-1"}]


async def test_a_failed_page_sends_nothing_and_the_next_check_sends_all(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    search = FakeSearch(clock, "data", page_size=1)
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 2:  # the second page of the first check
            return httpx.Response(404, json={"type": "error.list", "errors": [{"code": "not_found"}]})
        return search(request)

    api.post("/contacts/search").mock(side_effect=flaky)
    instance = await start(runtime, "NewContact", receiveBy="polling")
    a, b = search.add(contact(1, T0 + 5)), search.add(contact(2, T0 + 6))
    await tick_at(runtime, clock, T0 + 60)  # fails on page 2: logged, nothing sent
    assert outbox.of(instance) == []
    await tick_at(runtime, clock, T0 + 120)
    assert outbox.of(instance) == [polled(a, "contact.user.created"), polled(b, "contact.user.created")]


async def test_a_page_answered_200_html_is_a_failed_page_not_the_end(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    """A proxy's HTML on page 3 must not end the window early and let the state move past it."""
    search = FakeSearch(clock, "data", page_size=1)
    calls = {"n": 0}

    def html_on_page_3(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 3:
            return httpx.Response(200, text="<html>502 Bad Gateway</html>", headers={"Content-Type": "text/html"})
        return search(request)

    api.post("/contacts/search").mock(side_effect=html_on_page_3)
    instance = await start(runtime, "NewContact", receiveBy="polling")
    a, b, c = (search.add(contact(n, T0 + 4 + n)) for n in (1, 2, 3))
    await tick_at(runtime, clock, T0 + 60)  # page 3 is not JSON: the check fails, nothing is sent
    assert outbox.of(instance) == []
    await tick_at(runtime, clock, T0 + 120)
    assert outbox.of(instance) == [polled(r, "contact.user.created") for r in (a, b, c)]


async def test_catch_up_sends_only_what_the_webhooks_missed(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    search = FakeSearch(clock, "conversations", page_size=3)
    route = api.post("/conversations/search").mock(side_effect=search)
    instance = await start(runtime, "NewConversation")  # webhook, with catch-up (the default)
    from starlette.applications import Starlette

    app = Starlette(routes=runtime.routes())
    delivered = search.add({"type": "conversation", "id": "1", "created_at": T0 + 10, "source": {}})
    missed = search.add({"type": "conversation", "id": "2", "created_at": T0 + 20, "source": {}})
    by_admin = search.add(
        {"type": "conversation", "id": "3", "created_at": T0 + 30, "source": {"author": {"type": "admin"}}}
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://hooks.test") as client:
        await deliver(client, notification("conversation.user.created", delivered, note_id="n1", created_at=T0 + 10))
        await runtime.drain()
        await tick_at(runtime, clock, T0 + 60)  # catch-up looks only at records older than its grace
        assert route.call_count == 0 or search.bodies == []
        await tick_at(runtime, clock, T0 + CATCH_UP_GRACE + 120)
        await tick_at(runtime, clock, T0 + CATCH_UP_GRACE + 180)  # not due again for 15 minutes
        # The missed conversation's webhook finally arrives, very late: not sent twice.
        await deliver(client, notification("conversation.user.created", missed, note_id="n2", created_at=T0 + 20))
        await runtime.drain()
    assert outbox.of(instance) == [
        {**delivered, "event_topic": "conversation.user.created", "event_time": T0 + 10, "event_id": "n1",
         "event_source": "webhook"},
        polled(missed, "conversation.user.created", source="catch-up"),
    ]
    assert by_admin["id"] not in [m["id"] for m in outbox.of(instance)]  # teammate-started: not asked for
    assert len(search.bodies) == 1
    await tick_at(runtime, clock, T0 + CATCH_UP_GRACE + 120 + CATCH_UP_EVERY)
    assert len(search.bodies) == 2
    assert len(outbox.of(instance)) == 2


async def test_catch_up_can_be_switched_off(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    route = api.post("/conversations/search")
    await start(runtime, "NewConversation", catchUp=False)
    for minute in range(1, 60, 5):
        await tick_at(runtime, clock, T0 + minute * 60)
    assert route.call_count == 0


async def test_a_webhook_only_trigger_does_not_tick_and_a_polling_one_does_not_listen(
    runtime: TriggerRuntime, clock: Clock, api: respx.MockRouter
) -> None:
    api.post("/contacts/search").mock(side_effect=FakeSearch(clock, "data"))
    closed = await start(runtime, "ConversationClosed")
    polling = await start(runtime, "NewContact", receiveBy="polling")
    assert [listener.event for listener in await runtime.registry.listeners(closed.id)] == ["conversation.admin.closed"]
    assert await runtime.registry.listeners(polling.id) == []
    await tick_at(runtime, clock, T0 + 60)


async def test_bad_options_are_refused_before_anything_starts(runtime: TriggerRuntime) -> None:
    with pytest.raises(InvalidInputError, match="contactType"):
        await start(runtime, "NewContact", contactType="robot")
    with pytest.raises(InvalidInputError, match="startFrom"):
        await start(runtime, "NewContact", receiveBy="polling", startFrom="last tuesday")
    assert await runtime.instances() == []


async def test_stop_forgets_the_state_so_a_new_start_takes_a_new_baseline(
    runtime: TriggerRuntime, clock: Clock, outbox: Outbox, api: respx.MockRouter
) -> None:
    search = FakeSearch(clock, "data")
    api.post("/contacts/search").mock(side_effect=search)
    first = await start(runtime, "NewContact", receiveBy="polling")
    await runtime.stop(first.id)
    assert await runtime.state.all(f"local:{first.id}") == {}
    search.add(contact(1, T0 + 30))
    clock.now = T0 + 60
    second = await start(runtime, "NewContact", receiveBy="polling")
    await tick_at(runtime, clock, T0 + 120)
    assert outbox.of(second) == []
    assert json.loads(json.dumps(await runtime.state.all(f"local:{second.id}")))["poll"]["floor"] == T0 + 60


async def test_each_call_uses_the_token_the_refresh_hook_returns(
    runtime: TriggerRuntime, clock: Clock, api: respx.MockRouter
) -> None:
    search = FakeSearch(clock, "data")
    route = api.post("/contacts/search").mock(side_effect=search)
    seen: list[str] = []

    async def refresh(connection: Any) -> Any:
        seen.append(connection.id)
        return dataclasses.replace(connection, access_token="fresh-token")

    runtime.refresh = refresh
    await start(runtime, "NewContact", receiveBy="polling")
    await tick_at(runtime, clock, T0 + 60)
    assert seen == ["conn-alpha", "conn-alpha"]  # start, then the tick
    assert route.calls.last.request.headers["Authorization"] == "Bearer fresh-token"
