"""Retries: 429 waits for the reset, 5xx only on idempotent methods, never 409 or other 4xx."""

from __future__ import annotations

import httpx
import pytest
import respx

from intercom.client import (
    APIConnectionError,
    ConflictError,
    IntercomClient,
    RateLimitError,
    RetryPolicy,
    ServerError,
)
from tests.fakes import FakeClock
from tests.replay import BASE_URL

ERROR_BODY = {"type": "error.list", "request_id": "r-1", "errors": [{"code": "server_error", "message": "oops"}]}


def make_client(clock: FakeClock, **policy: float) -> IntercomClient:
    return IntercomClient("tok", base_url=BASE_URL, clock=clock, retry=RetryPolicy(**policy))


async def test_429_waits_until_rate_limit_reset(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock(now=1_000.0)
    limited = httpx.Response(
        429,
        headers={"X-RateLimit-Limit": "1666", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1007"},
        json={"type": "error.list", "errors": [{"code": "rate_limit_exceeded"}]},
    )
    route = intercom_api.get("/admins").mock(side_effect=[limited, httpx.Response(200, json={"admins": []})])
    async with make_client(clock) as client:
        assert await client.get("/admins") == {"admins": []}
    assert route.call_count == 2
    assert len(clock.sleeps) == 1
    assert 7.0 <= clock.sleeps[0] <= 7.1  # the reset is 7 s away, plus a small jitter


async def test_429_honours_retry_after_over_reset(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock(now=1_000.0)
    limited = httpx.Response(429, headers={"Retry-After": "3", "X-RateLimit-Reset": "1009"})
    intercom_api.post("/contacts").mock(side_effect=[limited, httpx.Response(200, json={"id": "1"})])
    async with make_client(clock) as client:
        assert await client.post("/contacts", {"email": "a@example.test"}) == {"id": "1"}
    assert clock.sleeps == [3.0]  # a 429 means nothing was done, so even POST is repeated


async def test_429_gives_up_when_total_wait_bound_is_reached(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock(now=1_000.0)
    limited = httpx.Response(429, headers={"Retry-After": "30"}, json={"type": "error.list",
                             "errors": [{"code": "rate_limit_exceeded", "message": "slow down"}]})
    route = intercom_api.get("/admins").mock(return_value=limited)
    async with make_client(clock, max_total_wait=45) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.get("/admins")
    assert route.call_count == 2 and clock.sleeps == [30.0]
    assert caught.value.status == 429 and caught.value.code == "rate_limit_exceeded"


async def test_5xx_on_get_is_retried_with_backoff(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock()
    route = intercom_api.get("/contacts/abc").mock(
        side_effect=[httpx.Response(503, json=ERROR_BODY), httpx.Response(502), httpx.Response(200, json={"id": "abc"})]
    )
    async with make_client(clock) as client:
        assert await client.get("/contacts/abc") == {"id": "abc"}
    assert route.call_count == 3
    assert len(clock.sleeps) == 2 and clock.sleeps[0] < clock.sleeps[1] <= 8 * 1.25


async def test_5xx_on_post_is_not_retried(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock()
    route = intercom_api.post("/conversations").mock(return_value=httpx.Response(500, json=ERROR_BODY))
    async with make_client(clock) as client:
        with pytest.raises(ServerError) as caught:
            await client.post("/conversations", {"body": "hi"})
    assert route.call_count == 1 and clock.sleeps == []
    assert caught.value.request_id == "r-1" and caught.value.retryable


async def test_409_is_never_retried(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock()
    body = {"type": "error.list", "request_id": "r-9", "errors": [
        {"code": "conflict", "message": "A contact matching those details already exists with id=abc"}]}
    route = intercom_api.put("/contacts/abc").mock(return_value=httpx.Response(409, json=body))
    async with make_client(clock) as client:
        with pytest.raises(ConflictError):
            await client.put("/contacts/abc", {"name": "x"})
    assert route.call_count == 1 and clock.sleeps == []


async def test_connect_error_before_sending_is_retried_even_for_post(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock()
    route = intercom_api.post("/contacts").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json={"id": "new"})]
    )
    async with make_client(clock) as client:
        assert await client.post("/contacts", {"email": "a@example.test"}) == {"id": "new"}
    assert route.call_count == 2 and len(clock.sleeps) == 1


async def test_read_timeout_on_post_is_not_retried(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock()
    route = intercom_api.post("/contacts").mock(side_effect=httpx.ReadTimeout("slow"))
    async with make_client(clock) as client:
        with pytest.raises(APIConnectionError, match="did not answer"):
            await client.post("/contacts", {"email": "a@example.test"})
    assert route.call_count == 1 and clock.sleeps == []


async def test_connect_errors_stop_after_max_retries(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock()
    route = intercom_api.get("/me").mock(side_effect=httpx.ConnectError("down"))
    async with make_client(clock, max_retries=2) as client:
        with pytest.raises(APIConnectionError, match="could not reach Intercom"):
            await client.get("/me")
    assert route.call_count == 3 and len(clock.sleeps) == 2


async def test_exhausted_window_waits_before_next_request(intercom_api: respx.MockRouter) -> None:
    clock = FakeClock(now=500.0)
    spent = httpx.Response(200, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "504"}, json={})
    intercom_api.get("/admins").mock(side_effect=[spent, httpx.Response(200, json={"admins": []})])
    async with make_client(clock) as client:
        await client.get("/admins")
        await client.get("/admins")
    assert clock.sleeps == [4.0]  # waited for the window instead of earning a 429
