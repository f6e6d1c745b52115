"""When no answer comes: one line naming the host and the real cause, and what to do.

Refused connections and TLS failures are real ones on loopback; a DNS failure and timeouts
are raised by a mock transport the way httpx raises them (the OS error as the cause), so no
test asks a resolver anything.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from intercom.cli import main
from intercom.client import (
    NO_RETRIES,
    APIConnectionError,
    APITimeoutError,
    InputError,
    IntercomClient,
    RetryPolicy,
    RetryWait,
    report_waits,
)
from intercom.client._retry import SystemClock
from intercom.server.threaded import ThreadedServer, free_port
from tests.fakes import FakeClock

CONTACT_ID = "6657ad000000000000000001"


def invoke(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries happen as usual, without the real pauses between them."""
    slept: list[float] = []

    async def sleep(_self: SystemClock, seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(SystemClock, "sleep", sleep)
    return slept


@pytest.fixture
def plain_http() -> Iterator[str]:
    """A loopback server that speaks HTTP only; its address as host:port."""
    app = Starlette(routes=[Route("/{path:path}", lambda _r: JSONResponse({}))])
    with ThreadedServer(app) as server:
        yield server.url.removeprefix("http://")


def raising(exc: Exception, cause: BaseException | None = None) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        exc.__cause__ = cause
        if isinstance(exc, httpx.TransportError):
            exc._request = request
        raise exc

    return httpx.MockTransport(handler)


async def failure(transport: httpx.MockTransport, *, base_url: str | None = None,
                  retry: RetryPolicy = NO_RETRIES) -> tuple[APIConnectionError, int]:
    calls = 0
    original = transport.handle_async_request

    async def counting(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return await original(request)

    transport.handle_async_request = counting  # type: ignore[method-assign]
    async with IntercomClient("tok", base_url=base_url, transport=transport, retry=retry,
                              clock=FakeClock()) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.get("/me")
    return caught.value, calls


# -- DNS ---------------------------------------------------------------------------------------


async def test_a_name_that_does_not_resolve_names_the_host_and_is_not_retried() -> None:
    dns = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    error, calls = await failure(raising(httpx.ConnectError("[Errno -2] Name or service not known"), dns),
                                 base_url="https://api.intercm.io", retry=RetryPolicy())
    assert str(error) == ("the name api.intercm.io could not be resolved (DNS) for GET /me; "
                          "check the host name in the connection's baseUrl")
    assert calls == 1  # the same name will not resolve a second later


async def test_a_dns_failure_on_intercoms_own_host_points_at_the_network() -> None:
    dns = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    error, calls = await failure(raising(httpx.ConnectError("[Errno -3] Temporary failure"), dns),
                                 retry=RetryPolicy(max_retries=2))
    assert str(error) == ("the name api.intercom.io could not be resolved (DNS: temporary failure) "
                          "for GET /me; check your network connection and DNS")
    assert calls == 3  # a temporary failure is worth the retries


# -- refused -----------------------------------------------------------------------------------


def test_refused_connection_names_host_port_and_the_sandbox(no_sleep: list[float]) -> None:
    port = free_port()  # nothing listens there
    code, out, err = invoke("run", "GetContact", "--input", f'{{"contactId": "{CONTACT_ID}"}}',
                            env={"INTERCOM_ACCESS_TOKEN": "tok", "INTERCOM_BASE_URL": f"http://127.0.0.1:{port}"})
    assert (code, out) == (1, "")
    assert err == (f"error: 127.0.0.1:{port} refused the connection for GET /contacts/{CONTACT_ID}; "
                   "check the port in INTERCOM_BASE_URL; is the sandbox running (`intercom-connector sandbox`)?\n")
    assert len(no_sleep) == RetryPolicy().max_retries  # retried (a server may be starting), then told


# -- TLS ---------------------------------------------------------------------------------------


def test_https_to_a_plain_http_port_says_to_use_http(plain_http: str, no_sleep: list[float]) -> None:
    code, _, err = invoke("run", "GetContact", "--input", f'{{"contactId": "{CONTACT_ID}"}}',
                          env={"INTERCOM_ACCESS_TOKEN": "tok", "INTERCOM_BASE_URL": f"https://{plain_http}"})
    assert code == 1
    assert err == (f"error: the TLS handshake with {plain_http} failed (WRONG_VERSION_NUMBER) for GET "
                   f"/contacts/{CONTACT_ID}; {plain_http} does not speak TLS: use http:// rather than "
                   "https:// in INTERCOM_BASE_URL\n")
    assert no_sleep == []  # a handshake that failed once fails again: no retries


async def test_an_untrusted_certificate_names_the_host_and_the_fix() -> None:
    cert = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    cert.reason, cert.verify_message = "CERTIFICATE_VERIFY_FAILED", "self-signed certificate in certificate chain"
    error, calls = await failure(raising(httpx.ConnectError(str(cert)), cert), retry=RetryPolicy())
    assert str(error) == ("the TLS handshake with api.intercom.io failed (self-signed certificate in "
                          "certificate chain) for GET /me; a proxy may be intercepting TLS: trust its "
                          "certificate with SSL_CERT_FILE")
    assert calls == 1


# -- timeout -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("exc", "expected"), [
    (httpx.ConnectTimeout("timed out"),
     "api.intercom.io did not accept a connection in time for GET /me; check your network or proxy, then try again"),
    (httpx.ReadTimeout("timed out"), "api.intercom.io did not answer in time for GET /me; try again later"),
])
async def test_timeouts_name_the_host_and_what_to_do(exc: Exception, expected: str) -> None:
    error, _ = await failure(raising(exc))
    assert isinstance(error, APITimeoutError) and str(error) == expected


# -- bad base URL ------------------------------------------------------------------------------


@pytest.mark.parametrize("base_url", ["api.intercom.io", "ftp://api.intercom.io", "http://", "https://x:port"])
def test_a_bad_base_url_is_refused_before_any_request(base_url: str) -> None:
    code, out, err = invoke("run", "GetContact", "--input", f'{{"contactId": "{CONTACT_ID}"}}',
                            env={"INTERCOM_ACCESS_TOKEN": "tok", "INTERCOM_BASE_URL": base_url})
    assert (code, out) == (2, "")
    assert err == (f"error: INTERCOM_BASE_URL: {base_url!r} is not an http(s) base URL; give one such as "
                   "https://api.intercom.io or http://127.0.0.1:8765 (the sandbox)\n")


# -- blank token -------------------------------------------------------------------------------


def test_a_blank_token_variable_is_refused_with_what_to_do() -> None:
    code, out, err = invoke("run", "GetContact", "--input", f'{{"contactId": "{CONTACT_ID}"}}',
                            env={"INTERCOM_ACCESS_TOKEN": "   "})
    assert (code, out) == (2, "")
    assert err == ("error: INTERCOM_ACCESS_TOKEN: is set but blank; export the token itself, or unset it to "
                   "use the connected account (`intercom-connector auth status`)\n")


@pytest.mark.parametrize(("token", "expected"), [
    (" \n", "accessToken: no Intercom access token (empty or blank); connect an account or set "
            "INTERCOM_ACCESS_TOKEN"),
    ("dG9r\nOnh5", "accessToken: the access token holds spaces, line breaks or other characters no token "
                   "has; copy it again"),
])
def test_the_client_refuses_a_blank_or_broken_token(token: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        IntercomClient(token)
    assert str(caught.value) == expected


async def test_a_pasted_newline_around_the_token_is_dropped() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json={"type": "admin"})

    async with IntercomClient("tok123\n", transport=httpx.MockTransport(handler)) as client:
        await client.get("/me")
    assert seen == ["Bearer tok123"]


# -- pauses are reported -----------------------------------------------------------------------


async def test_retries_and_rate_limit_waits_reach_the_observer_with_reason_and_time() -> None:
    answers = iter([
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(503),
        httpx.Response(200, json={"type": "admin"}),
    ])
    transport = httpx.MockTransport(lambda _request: next(answers))
    heard: list[RetryWait] = []
    clock = FakeClock()
    with report_waits(heard.append):
        async with IntercomClient("tok", transport=transport, clock=clock) as client:
            await client.get("/me")
    assert [(w.reason, w.request, w.attempt) for w in heard] == [
        ("Intercom's rate limit (429)", "GET /me", 1),
        ("Intercom answered 503", "GET /me", 2),
    ]
    assert [w.seconds for w in heard] == clock.sleeps and heard[0].seconds == 7.0
