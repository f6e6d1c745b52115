"""The client takes no bad answer as data and bounds every wait, listing and body (issue 13)."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from intercom.client import (
    NO_RETRIES,
    APITimeoutError,
    CursorPaginator,
    IntercomClient,
    InvalidResponseError,
    PaginationLoopError,
    RateLimitError,
    ResponseTooLargeError,
    RetryPolicy,
    SearchPaginator,
    ServerError,
    SystemClock,
)
from intercom.host import Host, Message
from tests.fakes import FakeClock, FakeCursorPager, contact
from tests.replay import BASE_URL

HTML = "<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>"


def make_client(clock: FakeClock | None = None, **kwargs: object) -> IntercomClient:
    return IntercomClient("tok", base_url=BASE_URL, clock=clock or FakeClock(), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Components build their own client on the system clock: make its sleeps instant."""
    waited: list[float] = []

    async def no_wait(self: SystemClock, seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(SystemClock, "sleep", no_wait)
    return waited


# -- item 1: a 2xx that is not the JSON the call expects is an error ------------------------


async def test_a_listing_whose_page_2_is_200_html_fails_instead_of_ending_short(
    host: Host, intercom_api: respx.MockRouter, sleeps: list[float]
) -> None:
    pager = FakeCursorPager([contact(i) for i in range(450)])
    html = httpx.Response(200, text=HTML, headers={"Content-Type": "text/html"})
    intercom_api.get("/contacts").mock(side_effect=[pager, *[html] * 6])
    component = host.bundle.find("ListContacts")
    sink: list = []
    context = host.context_for(component, messages={"in": Message({"outputType": "array"})}, sink=sink)
    with pytest.raises(InvalidResponseError) as caught:
        await component.handler.receive(context)
    assert str(caught.value) == (
        "Intercom answered GET /contacts with 200 but the body is not JSON "
        "(text/html, starts '<!doctype html><html><body><h1>502 Bad G'); nothing was used from it"
    )
    assert sink == []  # not 150 of 450 contacts passed off as the whole list
    assert len(sleeps) == 5  # a GET is retried like a 5xx before giving up


async def test_one_bad_page_is_retried_and_the_listing_completes(intercom_api: respx.MockRouter) -> None:
    pager = FakeCursorPager([contact(i) for i in range(300)])
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return httpx.Response(200, text='{"type": "list", "data": [') if calls["n"] == 2 else pager(request)

    intercom_api.get("/contacts").mock(side_effect=flaky)
    clock = FakeClock()
    async with make_client(clock) as client:
        items = [i async for i in client.iter_items("GET", "/contacts", CursorPaginator())]
    assert [i["id"] for i in items] == [contact(i)["id"] for i in range(300)]
    assert calls["n"] == 3 and len(clock.sleeps) == 1  # page 2 asked twice


async def test_get_contact_answering_a_json_string_emits_nothing(
    host: Host, intercom_api: respx.MockRouter, sleeps: list[float]
) -> None:
    intercom_api.get("/contacts/6657ad000000000000000001").respond(200, json="hello")
    with pytest.raises(InvalidResponseError, match=r"GET /contacts/6657ad0+1 with 200 but the body is a JSON string"):
        await host.run("GetContact", {"contactId": "6657ad000000000000000001"})


async def test_a_post_answered_with_html_is_an_error_and_not_sent_again(intercom_api: respx.MockRouter) -> None:
    route = intercom_api.post("/contacts").respond(200, text=HTML)
    clock = FakeClock()
    async with make_client(clock) as client:
        with pytest.raises(InvalidResponseError, match="POST /contacts with 200 but the body is not JSON"):
            await client.post("/contacts", {"email": "a@example.test"})
    assert route.call_count == 1 and clock.sleeps == []  # a POST may have created the record


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"", "the body is empty"),
        (b'{"type": "contact", "id": "1"', "the body is not JSON"),
        (b"[1, 2]", "the body is a JSON array, not an object"),
        (b"[" * 100_000 + b"]" * 100_000, "the body is not JSON"),
        (b'{"n": ' + b"9" * 5000 + b"}", "the body is not JSON"),
    ],
    ids=["empty", "truncated", "list", "deep", "huge-int"],
)
async def test_odd_2xx_bodies_on_a_get_are_errors(intercom_api: respx.MockRouter, body: bytes, problem: str) -> None:
    intercom_api.get("/contacts/1").respond(200, content=body)
    async with make_client(retry=NO_RETRIES) as client:
        with pytest.raises(InvalidResponseError, match=problem):
            await client.get("/contacts/1")


async def test_a_listing_page_without_its_list_is_an_error(intercom_api: respx.MockRouter) -> None:
    intercom_api.get("/contacts").respond(200, json={"type": "list", "pages": {"type": "pages"}})
    async with make_client(retry=NO_RETRIES) as client:
        with pytest.raises(InvalidResponseError, match=r"has no \"data\" list"):
            _ = [i async for i in client.iter_items("GET", "/contacts", CursorPaginator())]


# -- item 6: whole-request deadline; the 120 s retry cap in every path -----------------------


class DrippingTransport(httpx.AsyncBaseTransport):
    """Answers 200 at once, then sends the body a few bytes at a time, forever."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async def drip() -> AsyncIterator[bytes]:
            yield b'{"type": "contact", "name": "'
            while True:
                await asyncio.sleep(0.01)
                yield b"abcd"

        return httpx.Response(200, headers={"Content-Type": "application/json"}, stream=DripStream(drip()))


class DripStream(httpx.AsyncByteStream):
    def __init__(self, chunks: AsyncIterator[bytes]) -> None:
        self._chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._chunks:
            yield chunk


async def test_the_timeout_bounds_the_whole_answer_not_each_read() -> None:
    client = IntercomClient("tok", base_url=BASE_URL, timeout=0.2, retry=NO_RETRIES, transport=DrippingTransport())
    async with client:
        async with asyncio.timeout(10):  # only so a regression fails instead of hanging
            with pytest.raises(APITimeoutError, match=r"GET /contacts/1 .*within 0.2 s"):
                await client.get("/contacts/1")


async def test_retry_after_zero_with_a_far_reset_keeps_the_120_s_cap(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock(now=1_000.0)

    def limited(request: httpx.Request) -> httpx.Response:
        reset = str(int(clock.now()) + 60)
        return httpx.Response(429, headers={"Retry-After": "0", "X-RateLimit-Remaining": "0",
                                            "X-RateLimit-Reset": reset},
                              json={"type": "error.list", "errors": [{"code": "rate_limit_exceeded"}]})

    intercom_api.get("/admins").mock(side_effect=limited)
    async with make_client(clock) as client:
        with pytest.raises(RateLimitError):
            await client.get("/admins")
    assert sum(clock.sleeps) <= 120


async def test_a_window_left_by_the_previous_call_counts_toward_the_cap(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock(now=1_000.0)
    exhausted = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1050"}
    answers = iter([httpx.Response(200, json={"admins": []}, headers=exhausted)])
    intercom_api.get("/admins").mock(side_effect=lambda request: next(answers, httpx.Response(503)))
    async with make_client(clock, retry=RetryPolicy(max_total_wait=55)) as client:
        await client.get("/admins")
        with pytest.raises(ServerError):
            await client.get("/admins")
    assert clock.sleeps[0] == 50  # the window the first answer announced
    assert sum(clock.sleeps) <= 55


# -- item 7: bounded empty pages, capped bodies ----------------------------------------------


async def test_endless_empty_pages_with_fresh_cursors_stop_with_a_clear_error(intercom_api: respx.MockRouter) -> None:
    calls = {"n": 0}

    def empty(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        pages = {"type": "pages", "next": {"starting_after": f"fresh-{calls['n']}"}} if calls["n"] < 500 else {}
        return httpx.Response(200, json={"type": "list", "data": [], "pages": pages})

    intercom_api.post("/contacts/search").mock(side_effect=empty)
    async with make_client(retry=NO_RETRIES) as client:
        with pytest.raises(PaginationLoopError, match="10 empty pages in a row"):
            _ = [i async for i in client.iter_items("POST", "/contacts/search", SearchPaginator(), json={})]
    assert calls["n"] == 10


async def test_a_gzip_bomb_is_refused_once_the_decoded_body_passes_the_cap(intercom_api: respx.MockRouter) -> None:
    decoded = b'{"type": "list", "data": [], "pad": "' + b" " * (4 * 1024 * 1024) + b'"}'
    bomb = gzip.compress(decoded)
    assert len(bomb) < 10_000
    intercom_api.get("/contacts").respond(200, content=bomb, headers={
        "Content-Encoding": "gzip", "Content-Type": "application/json"})
    async with make_client(retry=NO_RETRIES, max_response_bytes=1024 * 1024) as client:
        with pytest.raises(ResponseTooLargeError, match=r"GET /contacts .*more than 1 MiB"):
            await client.get("/contacts")


async def test_an_error_answer_is_capped_too(intercom_api: respx.MockRouter) -> None:
    intercom_api.get("/contacts/1").respond(500, content=b"x" * (2 * 1024 * 1024))
    async with make_client(retry=NO_RETRIES, max_response_bytes=1024 * 1024) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.get("/contacts/1")


async def test_make_api_call_sends_back_raw_text_answers(intercom_api: respx.MockRouter) -> None:
    """``send`` stays raw: an export download that is not JSON is the caller's to read."""
    intercom_api.get("/download/content/data/j1").respond(200, text="a,b\n1,2\n")
    async with make_client(retry=NO_RETRIES) as client:
        response = await client.send("GET", "/download/content/data/j1")
    assert (response.status_code, response.text) == (200, "a,b\n1,2\n")


@pytest.mark.parametrize("retry_after", ["nan", "inf", "-inf", "1e999"])
async def test_a_non_finite_retry_after_is_treated_as_absent(intercom_api: respx.MockRouter, retry_after: str) -> None:
    clock = FakeClock(now=1_000.0)
    limited = httpx.Response(429, headers={"Retry-After": retry_after})
    intercom_api.get("/admins").mock(side_effect=[limited, httpx.Response(200, json={"admins": []})])
    async with make_client(clock) as client:
        assert await client.get("/admins") == {"admins": []}
    assert len(clock.sleeps) == 1 and 0 < clock.sleeps[0] <= 0.5 * 1.25  # the first backoff step


async def test_every_client_of_the_process_verifies_with_one_tls_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CA bundle is read once per process, not once per connection's client."""
    import ssl

    from intercom import tls

    given: list[object] = []
    real = httpx.AsyncClient

    def recording(*args: object, **kwargs: object) -> httpx.AsyncClient:
        given.append(kwargs.get("verify"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx, "AsyncClient", recording)
    tls.prepare()
    clients = [IntercomClient("tok-us"), IntercomClient("tok-eu", region="eu"), IntercomClient("tok-au", region="au")]
    for client in clients:
        await client.aclose()
    assert len(given) == 3 and isinstance(given[0], ssl.SSLContext)
    assert given[0] is given[1] is given[2] is tls.context()
    assert given[0].verify_mode == ssl.CERT_REQUIRED and given[0].check_hostname
