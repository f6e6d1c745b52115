"""The client copes with what the live API sends where the 2.10 description promises otherwise."""

from __future__ import annotations

import httpx
import respx

from intercom.client import NO_RETRIES, CursorPaginator, IntercomClient, PageNumberPaginator
from tests.replay import BASE_URL


def client() -> IntercomClient:
    return IntercomClient("t", base_url=BASE_URL, retry=NO_RETRIES)


async def test_a_next_page_url_with_a_cursor_is_followed(intercom_api: respx.MockRouter) -> None:
    # Some live lists put the next page's URL in pages.next instead of {page, starting_after}.
    first = {"type": "list", "data": [{"id": "a"}],
             "pages": {"type": "pages", "next": f"{BASE_URL}/contacts?per_page=1&starting_after=WzEsMl0="}}
    last = {"type": "list", "data": [{"id": "b"}], "pages": {"type": "pages", "next": None}}
    route = intercom_api.get("/contacts").mock(side_effect=[httpx.Response(200, json=first),
                                                            httpx.Response(200, json=last)])
    async with client() as c:
        items = [i async for i in c.iter_items("GET", "/contacts", CursorPaginator(per_page=1))]
    assert [i["id"] for i in items] == ["a", "b"]
    assert dict(route.calls[1].request.url.params) == {"per_page": "1", "starting_after": "WzEsMl0="}


async def test_page_numbers_without_a_usable_total_run_to_the_empty_page(intercom_api: respx.MockRouter) -> None:
    # total_pages null (or a string, as some answers serialise it) must not crash the pager.
    def page(items: list[dict], total: object) -> httpx.Response:
        return httpx.Response(200, json={"type": "list", "data": items,
                                         "pages": {"type": "pages", "total_pages": total, "next": None}})

    route = intercom_api.get("/contacts/c1/companies").mock(
        side_effect=[page([{"id": "1"}], None), page([{"id": "2"}], "many"), page([], None)]
    )
    async with client() as c:
        items = [i async for i in c.iter_items("GET", "/contacts/c1/companies", PageNumberPaginator(per_page=1))]
    assert [i["id"] for i in items] == ["1", "2"]
    assert [call.request.url.params["page"] for call in route.calls] == ["1", "2", "3"]


async def test_a_numeric_string_total_still_stops_the_pager(intercom_api: respx.MockRouter) -> None:
    body = {"type": "list", "data": [{"id": "1"}], "pages": {"type": "pages", "page": 1, "total_pages": "1"}}
    route = intercom_api.post("/companies/list").mock(return_value=httpx.Response(200, json=body))
    async with client() as c:
        items = [i async for i in c.iter_items("POST", "/companies/list", PageNumberPaginator(per_page=1))]
    assert [i["id"] for i in items] == ["1"] and route.call_count == 1
