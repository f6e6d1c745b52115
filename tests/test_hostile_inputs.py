"""Hostile values are refused before any request, and the error quotes only a short prefix."""

from __future__ import annotations

import pytest
import respx
from click.testing import CliRunner

from intercom.cli import main
from intercom.client import InputError, IntercomClient, check_request_headers, endpoint
from intercom.host import Host, InvalidInputError
from intercom.kit.fields import unix_seconds
from tests.replay import BASE_URL

EMAIL = "ada@example.test"


@pytest.mark.parametrize(("content", "field"), [
    ({"email": "ada@example.test\r\nBcc: eve@example.test"}, "email"),
    ({"email": "ada\x00@example.test"}, "email"),
    ({"email": EMAIL, "avatar": "javascript:alert(1)//https://x"}, "avatar"),
    ({"email": EMAIL, "signedUpAt": "9999-12-31T23:59:59-05:00"}, "signedUpAt"),
], ids=["email-crlf", "email-nul", "avatar-javascript", "date-past-9999-in-utc"])
async def test_hostile_values_are_refused_before_any_request(host: Host, content: dict, field: str) -> None:
    with respx.mock(assert_all_mocked=True) as router, pytest.raises(InvalidInputError) as caught:
        await host.run("CreateContact", content)  # any request would fail the test
    assert router.calls.call_count == 0
    assert f"'{field}'" in str(caught.value)


async def test_a_huge_value_is_quoted_by_a_short_prefix_only(host: Host) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await host.run("CreateContact", {"email": EMAIL, "name": "x" * 100_000})
    message = str(caught.value)
    assert len(message) < 300, message
    assert "'xxxxxxxxxxxxxxxxxxxx" in message and "100000 characters" in message


@pytest.mark.parametrize("value", [1e308, float("inf"), float("nan"), 10**20, "9999-12-31T23:59:59-05:00"],
                         ids=["1e308", "inf", "nan", "1e20", "iso-past-9999"])
def test_the_date_helper_refuses_instants_no_calendar_holds(value: object) -> None:
    with pytest.raises(InputError, match=r"startFrom: .*(beyond|not a date)"):
        unix_seconds(value, "startFrom")


def test_the_date_helper_keeps_real_dates() -> None:
    assert unix_seconds("2024-05-01T09:30:00Z", "at") == 1_714_555_800
    assert unix_seconds(1_714_555_800.9, "at") == 1_714_555_800
    assert unix_seconds(253_402_300_799, "at") == 253_402_300_799


@pytest.mark.parametrize("headers", [
    {"Transfer-Encoding": "chunked"},
    {"content-length": "5"},
    {"Connection": "close"},
    {"Host": "evil.test"},
    {"X-Note": "a\r\nX-Injected: 1"},
    {"X-Note": "a\x00"},
    {"X-Bad\nName": "1"},
], ids=["transfer-encoding", "content-length", "connection", "host", "crlf-value", "nul-value", "lf-name"])
async def test_framing_and_injected_headers_are_refused_before_sending(headers: dict[str, str]) -> None:
    with pytest.raises(InputError, match="headers"):
        check_request_headers(headers)
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        route = router.get("/me").respond(200, json={"type": "admin"})
        async with IntercomClient("tok", base_url=BASE_URL) as client:
            with pytest.raises(InputError, match="headers"):
                await client.send("GET", "/me", headers=headers)
    assert route.call_count == 0


def test_ordinary_headers_pass() -> None:
    check_request_headers({"Accept-Language": "fr", "X-Request-Id": "abc-1"})


@pytest.mark.parametrize("value", ["abc\r\ndef", "abc\x00", "abc\ndef"])
def test_path_values_holding_control_characters_are_refused(value: str) -> None:
    with pytest.raises(InputError, match=r"id: .*control character"):
        endpoint("/contacts/{id}", id=value)


@pytest.mark.parametrize(("option", "value"), [
    ("--input", "[" * 3000 + "]" * 3000),
    ("--input", '{"limit": ' + "9" * 4300 + "}"),
    ("--input", '{"limit": ' + "9" * 5000 + "}"),
    ("--input", '{"a": ' + '{"b": ' * 200 + "1" + "}" * 200 + "}"),
    ("--input", '{"limit": 1e999}'),
    ("--properties", '{"a": ' + "[" * 3000 + "]" * 3000 + "}"),
], ids=["3000-deep", "4300-digits", "5000-digits", "200-deep-object", "1e999", "properties-3000-deep"])
def test_hostile_json_options_get_the_one_line_exit_2_error(option: str, value: str) -> None:
    result = CliRunner().invoke(main, ["run", "ListContacts", option, value], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {option} "), result.stderr
    assert len(lines[0]) < 200
