"""The command line, as a user types it."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
import respx
from click.testing import CliRunner

from intercom.cli import main
from tests.replay import BASE_URL

FIVE = {"ListContacts", "GetContact", "CreateContact", "CreateConversation", "MakeApiCall"}


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_components_json_lists_every_component_with_its_fields() -> None:
    code, out, _ = invoke("components", "--json")
    entries = json.loads(out)
    assert code == 0
    assert {e["name"].rsplit(".", 1)[-1] for e in entries} >= FIVE
    first = next(e for e in entries if e["name"] == "acme.intercom.contacts.ListContacts")
    assert set(first) == {"name", "label", "description", "path", "trigger"}
    assert first["label"] == "List Contacts" and first["trigger"] is False
    assert first["path"].endswith("intercom/components/ListContacts")


def test_validate_passes_on_the_shipped_bundle() -> None:
    code, out, err = invoke("validate")
    assert code == 0 and out.startswith("ok: bundle and ") and err == ""


def test_run_with_bad_input_names_the_field_and_sends_nothing() -> None:
    with respx.mock(assert_all_mocked=True) as router:
        code, out, err = invoke("run", "ListContacts", "--input", '{"limit": 0}',
                                env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 2 and out == ""
    assert err == "error: invalid input for ListContacts: field 'limit' must be at least 1 (got 0)\n"
    assert router.calls.call_count == 0


def test_run_refuses_a_trigger_and_points_to_watch() -> None:
    code, out, err = invoke("run", "NewConversation", "--input", "{}")
    assert (code, out) == (2, "")
    assert err == ("error: NewConversation is a trigger: it waits for events; run it with "
                   "`intercom-connector watch NewConversation`\n")


def test_run_with_unparseable_input() -> None:
    code, _, err = invoke("run", "GetContact", "--input", "{id: 1}")
    assert code == 2 and err.startswith("error: --input is not valid JSON")


def test_run_unknown_component_lists_known_ones() -> None:
    code, _, err = invoke("run", "GetKontakt", "--input", "{}")
    assert code == 2 and "no component named 'GetKontakt'" in err and "GetContact" in err


def test_run_prints_each_message_as_a_json_line() -> None:
    contact = {"type": "contact", "id": "6657ad000000000000000001", "email": "a@example.test"}
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get("/contacts").respond(json={"type": "list", "data": [contact, contact],
                                                       "pages": {"type": "pages", "page": 1}})
        code, out, err = invoke("run", "acme.intercom.contacts.ListContacts", "--input",
                                '{"outputType": "object", "limit": 5}', env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines == [{"port": "out", "data": {**contact, "index": i, "count": 2, "truncated": False}} for i in range(2)]
    assert route.calls.last.request.headers["Authorization"] == "Bearer tok"
    assert dict(route.calls.last.request.url.params) == {"per_page": "5"}


def test_run_region_routes_to_regional_host() -> None:
    with respx.mock(base_url="https://api.eu.intercom.io", assert_all_called=True) as router:
        router.get("/contacts/6657ad000000000000000abc").respond(json={"type": "contact", "id": "abc"})
        code, out, _ = invoke("run", "GetContact", "--input", '{"contactId": "6657ad000000000000000abc"}', "--region", "eu",
                              env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 0 and json.loads(out)["data"]["id"] == "abc"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (401, {"type": "error.list", "request_id": "r1", "errors": [{"code": "unauthorized", "message": "Access Token Invalid"}]},
         "error: Intercom 401 unauthorized on GET /contacts/6657ad000000000000000abc: Access Token Invalid [request id r1]\n"),
        (404, {"type": "error.list", "request_id": None, "errors": [{"code": "not_found", "message": "User Not Found"}]},
         None),
    ],
    ids=["401", "404-goes-to-notFound"],
)
def test_run_api_errors_are_one_line(status: int, body: dict, expected: str | None) -> None:
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get("/contacts/6657ad000000000000000abc").respond(status, json=body)
        code, out, err = invoke("run", "GetContact", "--input", '{"contactId": "6657ad000000000000000abc"}',
                                env={"INTERCOM_ACCESS_TOKEN": "secret-tok"})
    if expected:
        assert (code, out, err) == (1, "", expected)
    else:
        assert code == 0 and json.loads(out) == {"port": "notFound", "data": {"contactId": "6657ad000000000000000abc"}}
    assert "secret-tok" not in out + err


def test_run_network_failure_is_one_line_without_traceback() -> None:
    with respx.mock(base_url=BASE_URL) as router:
        router.post("/contacts").mock(side_effect=httpx.ReadTimeout("slow"))
        code, _, err = invoke("run", "CreateContact", "--input", '{"email": "a@example.test"}',
                              env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err == "error: api.intercom.io did not answer in time for POST /contacts; try again later\n"


def test_make_api_call_refuses_other_hosts_before_sending() -> None:
    with respx.mock(assert_all_mocked=True) as router:
        code, _, err = invoke("run", "MakeApiCall", "--input", '{"path": "https://evil.test/steal"}',
                              env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 2 and "only URLs on https://api.intercom.io are allowed" in err
    assert router.calls.call_count == 0


def test_make_api_call_refuses_reserved_headers() -> None:
    with respx.mock(assert_all_mocked=True) as router:
        code, _, err = invoke("run", "MakeApiCall", "--input",
                              '{"path": "/me", "headers": {"Authorization": "Bearer other"}}',
                              env={"INTERCOM_ACCESS_TOKEN": "tok"})
    assert code == 2 and "headers: Authorization: is set by the connector for every call; remove it" in err
    assert router.calls.call_count == 0


def test_python_dash_m_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "intercom", "components"], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0 and "acme.intercom.contacts.GetContact" in done.stdout
    assert "Deprecat" not in done.stderr
