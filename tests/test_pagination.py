"""One paginator per style, driven through the client across several pages."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import respx

from intercom.client import (
    NO_RETRIES,
    CursorPaginator,
    IntercomClient,
    PageNumberPaginator,
    PaginationLoopError,
    PermissionDeniedError,
    ScrollPaginator,
    SearchPaginator,
    SinglePagePaginator,
)
from intercom.host import Host, Message
from tests.fakes import FakeCursorPager, contact
from tests.replay import BASE_URL


def client() -> IntercomClient:
    return IntercomClient("t", base_url=BASE_URL, retry=NO_RETRIES)


async def test_cursor_pages_follow_starting_after(intercom_api: respx.MockRouter) -> None:
    pager = FakeCursorPager([contact(i) for i in range(7)])
    intercom_api.get("/contacts").mock(side_effect=pager)
    async with client() as c:
        items = [i async for i in c.iter_items("GET", "/contacts", CursorPaginator(per_page=3))]
    assert [i["id"] for i in items] == [contact(i)["id"] for i in range(7)]
    assert [dict(r.url.params) for r in pager.requests] == [
        {"per_page": "3"},
        {"per_page": "3", "starting_after": "cur-3"},
        {"per_page": "3", "starting_after": "cur-6"},
    ]


async def test_limit_stops_without_fetching_another_page(intercom_api: respx.MockRouter) -> None:
    pager = FakeCursorPager([contact(i) for i in range(10)])
    intercom_api.get("/contacts").mock(side_effect=pager)
    async with client() as c:
        items = [i async for i in c.iter_items("GET", "/contacts", CursorPaginator(per_page=3), limit=6)]
    assert len(items) == 6 and len(pager.requests) == 2


async def test_reading_ahead_sends_the_same_requests_and_none_past_the_limit(
    intercom_api: respx.MockRouter,
) -> None:
    """The next page is asked for off the raw answer, while this one is parsed and handed over."""
    pager = FakeCursorPager([contact(i) for i in range(10)])
    intercom_api.get("/contacts").mock(side_effect=pager)
    async with client() as c:
        pages = c.iter_pages("GET", "/contacts", CursorPaginator(per_page=3), ahead_until=7)
        first = await anext(pages)
        await asyncio.sleep(0.05)  # the caller busy with the first page: the second is already asked for
        assert len(pager.requests) == 2
        seen = [first] + [page async for page in pages]
    assert [len(page.items) for page in seen] == [3, 3, 3, 1]
    # Up to the limit, never past it: with 6 records in, the third page is asked for in turn.
    assert [r.url.params.get("starting_after") for r in pager.requests] == [None, "cur-3", "cur-6", "cur-9"]


async def test_a_wrong_guess_at_the_next_page_is_dropped(intercom_api: respx.MockRouter) -> None:
    """A record holding a "starting_after" key after the real cursor misleads the guess only."""
    records = [contact(i) for i in range(4)]
    records[2] = {**records[2], "custom_attributes": {"starting_after": "decoy"}}
    body_order = FakeCursorPager(records)

    def pages_first(request: httpx.Request) -> httpx.Response:
        answer = body_order(request)
        page = json.loads(answer.content)
        # "pages" before "data": the last starting_after key in the text is the decoy's.
        return httpx.Response(200, json={"pages": page["pages"], **{k: v for k, v in page.items() if k != "pages"}})

    intercom_api.get("/contacts").mock(side_effect=pages_first)
    async with client() as c:
        items = [i async for p in c.iter_pages("GET", "/contacts", CursorPaginator(per_page=3), ahead_until=100)
                 for i in p.items]
    assert [i["id"] for i in items] == [r["id"] for r in records]
    # The decoy was asked for off the raw answer, then dropped for the parsed page's cursor.
    assert [r.url.params.get("starting_after") for r in body_order.requests] == [None, "decoy", "cur-3"]


async def test_search_cursor_travels_in_the_body(intercom_api: respx.MockRouter) -> None:
    pager = FakeCursorPager([contact(i) for i in range(5)])
    intercom_api.post("/contacts/search").mock(side_effect=pager)
    query = {"query": {"field": "role", "operator": "=", "value": "user"}}
    async with client() as c:
        items = [i async for i in c.iter_items("POST", "/contacts/search", SearchPaginator(per_page=2),
                                               json=query)]
    assert len(items) == 5
    assert [json.loads(r.content) for r in pager.requests] == [
        {**query, "pagination": {"per_page": 2}},
        {**query, "pagination": {"per_page": 2, "starting_after": "cur-2"}},
        {**query, "pagination": {"per_page": 2, "starting_after": "cur-4"}},
    ]
    assert query == {"query": {"field": "role", "operator": "=", "value": "user"}}  # caller's body untouched


async def test_page_numbers_stop_at_total_pages(intercom_api: respx.MockRouter) -> None:
    def page(n: int) -> httpx.Response:
        return httpx.Response(200, json={"type": "list", "data": [{"id": str(n)}],
                                         "pages": {"type": "pages", "page": n, "per_page": 1, "total_pages": 3}})
    route = intercom_api.post("/companies/list").mock(side_effect=[page(1), page(2), page(3)])
    async with client() as c:
        items = [i async for i in c.iter_items("POST", "/companies/list", PageNumberPaginator(per_page=1))]
    assert [i["id"] for i in items] == ["1", "2", "3"]
    assert [dict(call.request.url.params) for call in route.calls] == [
        {"page": "1", "per_page": "1"}, {"page": "2", "per_page": "1"}, {"page": "3", "per_page": "1"}]


async def test_scroll_until_empty_page(intercom_api: respx.MockRouter) -> None:
    route = intercom_api.get("/companies/scroll").mock(side_effect=[
        httpx.Response(200, json={"type": "list", "data": [{"id": "a"}, {"id": "b"}], "scroll_param": "s1"}),
        httpx.Response(200, json={"type": "list", "data": [{"id": "c"}], "scroll_param": "s1"}),
        httpx.Response(200, json={"type": "list", "data": [], "scroll_param": "s1"}),
    ])
    async with client() as c:
        items = [i async for i in c.iter_items("GET", "/companies/scroll", ScrollPaginator())]
    assert [i["id"] for i in items] == ["a", "b", "c"]
    assert [call.request.url.params.get("scroll_param") for call in route.calls] == [None, "s1", "s1"]


async def test_single_page_lists(intercom_api: respx.MockRouter) -> None:
    intercom_api.get("/tags").respond(json={"type": "list", "data": [{"id": "1"}, {"id": "2"}]})
    async with client() as c:
        items = [i async for i in c.iter_items("GET", "/tags", SinglePagePaginator())]
    assert len(items) == 2


async def test_repeated_cursor_is_detected(intercom_api: respx.MockRouter) -> None:
    same = {"type": "list", "data": [{"id": "x"}],
            "pages": {"type": "pages", "next": {"page": 2, "starting_after": "again"}}}
    intercom_api.get("/contacts").respond(json=same)
    async with client() as c:
        with pytest.raises(PaginationLoopError, match="again"):
            _ = [i async for i in c.iter_items("GET", "/contacts", CursorPaginator())]


async def test_listing_450_contacts_takes_three_requests(host: Host, intercom_api: respx.MockRouter) -> None:
    pager = FakeCursorPager([contact(i) for i in range(450)])
    intercom_api.get("/contacts").mock(side_effect=pager)
    emitted = await host.run("ListContacts", {"outputType": "array"})
    assert len(pager.requests) == 3
    assert [r.url.params.get("per_page") for r in pager.requests] == ["150", "150", "150"]
    assert [m.port for m in emitted] == ["out"]
    assert emitted[0].data["count"] == 450 and len(emitted[0].data["result"]) == 450


async def test_list_failure_midway_emits_nothing(host: Host, intercom_api: respx.MockRouter) -> None:
    pager = FakeCursorPager([contact(i) for i in range(300)])
    intercom_api.get("/contacts").mock(side_effect=[pager, httpx.Response(403, json={
        "type": "error.list", "errors": [{"code": "api_plan_restricted", "message": "Active subscription needed."}]})])
    component = host.bundle.find("ListContacts")
    sink: list = []
    context = host.context_for(component, messages={"in": Message({"outputType": "object"})}, sink=sink)
    with pytest.raises(PermissionDeniedError, match="api_plan_restricted"):
        await component.handler.receive(context)
    assert sink == []  # 150 contacts were fetched, none was sent: a retry starts clean


async def test_output_port_options_follow_output_type(host: Host) -> None:
    emitted = await host.run("ListContacts", {"outputType": "array"},
                             properties={"generateOutputPortOptions": True})
    assert [o["value"] for o in emitted[0].data] == ["count", "truncated", "result"]
    emitted = await host.run("ListContacts", {"outputType": "object"},
                             properties={"generateOutputPortOptions": True})
    values = [o["value"] for o in emitted[0].data]
    assert values[:3] == ["index", "count", "truncated"] and "email" in values and "custom_attributes" in values
    emitted = await host.run("ListContacts", {"outputType": "file"}, properties={"generateOutputPortOptions": True})
    assert [o["value"] for o in emitted[0].data] == ["fileId", "count", "truncated"]
