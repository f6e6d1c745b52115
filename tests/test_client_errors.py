"""Error parsing: one class per status, carrying Intercom's codes, message, field, request id."""

from __future__ import annotations

import re

import pytest
import respx

from intercom.client import (
    NO_RETRIES,
    APIError,
    AuthenticationError,
    BadRequestError,
    InputError,
    IntercomClient,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
    endpoint,
)
from tests.replay import BASE_URL


def error_list(*errors: dict, request_id: str | None = "req-42") -> dict:
    return {"type": "error.list", "request_id": request_id, "errors": list(errors)}


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, BadRequestError), (401, AuthenticationError), (403, PermissionDeniedError),
     (404, NotFoundError), (422, UnprocessableEntityError), (418, APIError)],
    ids=["400", "401", "403", "404", "422", "other"],
)
async def test_status_maps_to_error_class(intercom_api: respx.MockRouter, status: int, cls: type) -> None:
    body = error_list({"code": "parameter_invalid", "message": "Email is invalid", "field": "email"},
                      {"code": "data_invalid", "message": "second"})
    intercom_api.post("/contacts").respond(status, json=body)
    async with IntercomClient("secret-token-123", base_url=BASE_URL, retry=NO_RETRIES) as client:
        with pytest.raises(cls) as caught:
            await client.post("/contacts", {"email": "nope"})
    err = caught.value
    assert type(err) is cls
    assert (err.status, err.code, err.codes) == (status, "parameter_invalid", ["parameter_invalid", "data_invalid"])
    assert (err.message, err.field, err.request_id) == ("Email is invalid", "email", "req-42")
    assert str(err) == (f"Intercom {status} parameter_invalid on POST /contacts: Email is invalid "
                        "(field: email) [request id req-42]")
    assert "secret-token-123" not in str(err) and "secret-token-123" not in repr(err.headers)


async def test_non_json_error_body_still_gives_a_useful_error(intercom_api: respx.MockRouter) -> None:
    intercom_api.get("/me").respond(502, text="<html>Bad gateway</html>", headers={"X-Request-Id": "edge-7"})
    async with IntercomClient("t", base_url=BASE_URL, retry=NO_RETRIES) as client:
        with pytest.raises(APIError) as caught:
            await client.get("/me")
    assert caught.value.status == 502 and caught.value.code == "bad_gateway"
    assert caught.value.request_id == "edge-7"


def test_endpoint_escapes_ids_and_refuses_empty() -> None:
    assert endpoint("/contacts/{id}", id="a/../b?c") == "/contacts/a%2F..%2Fb%3Fc"
    with pytest.raises(InputError, match="id: must not be empty"):
        endpoint("/contacts/{id}", id="  ")


@pytest.mark.parametrize("url", ["https://evil.test/contacts", "http://api.intercom.io/me", "//evil.test/x"])
def test_other_hosts_are_refused(url: str) -> None:
    client = IntercomClient("t", base_url=BASE_URL)
    with pytest.raises(InputError, match=re.escape("only URLs on https://api.intercom.io")):
        client.url_for(url)


def test_region_picks_the_regional_host(monkeypatch: pytest.MonkeyPatch) -> None:
    assert IntercomClient("t", region="eu").base_url == "https://api.eu.intercom.io"
    assert IntercomClient("t", region="AU").base_url == "https://api.au.intercom.io"
    assert IntercomClient("t").base_url == "https://api.intercom.io"
    monkeypatch.setenv("INTERCOM_BASE_URL", "http://127.0.0.1:9999/")
    assert IntercomClient("t", region="eu").base_url == "http://127.0.0.1:9999"
    with pytest.raises(InputError, match="region"):
        IntercomClient("t", region="mars", base_url=None).base_url  # noqa: B018


def test_missing_token_is_an_input_error() -> None:
    with pytest.raises(InputError, match="accessToken"):
        IntercomClient("", base_url=BASE_URL)
