"""The runtime host's contract: input checks, context members, state, quota."""

from __future__ import annotations

from pathlib import Path

import pytest

from intercom.host import Bundle, CancelError, Host, InvalidInputError, Message, UnknownPortError
from intercom.host.quota import QuotaGate, SlidingWindow
from intercom.storage import StateStore


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("GetContact", {}, "field 'contactId' is required"),
    ("GetContact", {"contactId": 5}, "field 'contactId' must be text (got 5); write it in quotes: \"5\""),
    ("CreateContact", {"name": "x"}, "give at least one of: email, externalId, role"),
    ("CreateContact", {"email": "not-an-email"}, "field 'email' must be an email address such as ada@example.com (got 'not-an-email')"),
    ("CreateContact", {"role": "admin"}, "field 'role' must be one of 'user', 'lead' (got 'admin')"),
    ("CreateContact", {"role": "user", "signedUpAt": "yesterday"}, "field 'signedUpAt'"),
    ("CreateConversation", {"contactId": "42", "body": "hi"},
     "field 'contactId' has the wrong form (got '42'); expected an Intercom contact ID: 24 hexadecimal characters"),
    ("ListContacts", {"colour": "red"}, "unknown field 'colour'; the fields are: "),
    ("ReplyToConversation", {"conversationId": "1", "body": "x", "replyAs": "contact"},
     "give at least one of: contactEmail, contactExternalId, contactId"),
    ("ReplyToConversation", {"conversationId": "1", "body": "x", "replyAs": "contact", "messageType": "note",
                             "contactEmail": "a@b.test"},
     "field 'messageType' must be 'comment' (got 'note'): contacts can only send messages, not notes"),
    ("SearchContacts", {"query": {"OR": []}}, "field 'query.OR': [] should be non-empty"),
    ("SearchContacts", {"query": {"OR": [{"AND": [{"field": "email", "operator": "~", "value": 1.5}]}]}},
     "field 'query.OR.0.AND.0.value' must be text or a whole number or true or false (got 1.5)"),
    ("SearchContacts", {"query": {"OR": [{"AND": [{"field": "email", "operator": "LIKE", "value": "x"}]}]}},
     "field 'query.OR.0.AND.0.operator' must be one of '=', '!=', 'IN', 'NIN', '>', '<', '~', '!~', '^', '$' (got 'LIKE')"),
    ("MakeApiCall", {"path": "contacts"}, "field 'path' has the wrong form (got 'contacts'); expected a path such as /contacts"),
])
async def test_invalid_input_names_the_field_before_any_request(
        host: Host, name: str, content: dict, expected: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await host.run(name, content)  # no respx router: any request would reach the network and fail
    assert expected in str(caught.value)
    assert str(caught.value).startswith(f"invalid input for {name}: ")


async def test_emitting_on_an_undeclared_port_is_a_handler_bug(host: Host, bundle: Bundle) -> None:
    context = host.context_for(bundle.find("GetContact"), messages={"in": Message({"contactId": "1"})})
    with pytest.raises(UnknownPortError, match="GetContact has no output port 'elsewhere'"):
        await context.send_json({}, "elsewhere")


async def test_state_persists_per_component_instance(tmp_path: Path, bundle: Bundle) -> None:
    store = StateStore(tmp_path / "state.db")
    a = Host(bundle, state=store).context_for(bundle.find("ListContacts"), component_id="a")
    b = Host(bundle, state=store).context_for(bundle.find("ListContacts"), component_id="b")
    await a.state_set("cursor", {"since": 5})
    assert await a.state_get("cursor") == {"since": 5}
    assert await b.state_get("cursor", "none") == "none"
    reopened = Host(bundle, state=StateStore(tmp_path / "state.db")).context_for(
        bundle.find("ListContacts"), component_id="a")
    assert await reopened.load_state() == {"cursor": {"since": 5}}
    await reopened.state_unset("cursor")
    assert await a.state_get("cursor") is None


def test_webhook_url_needs_a_public_url(bundle: Bundle) -> None:
    component = bundle.find("ListContacts")
    with pytest.raises(CancelError, match="--public-url"):
        Host(bundle).context_for(component).get_webhook_url()
    url = Host(bundle, public_url="https://hooks.acme.test/").context_for(component).get_webhook_url()
    assert url == "https://hooks.acme.test/webhooks/intercom"


def test_auth_merges_service_config_and_connection(bundle: Bundle) -> None:
    host = Host(bundle, connection={"accessToken": "t", "region": "eu"}, config={"clientId": "c"})
    context = host.context_for(bundle.find("GetContact"))
    assert context.auth == {"clientId": "c", "accessToken": "t", "region": "eu"}
    assert context.config == {"clientId": "c"}


def test_quota_default_and_configured_limit(bundle: Bundle) -> None:
    assert [w.limit for w in QuotaGate(bundle.quota).windows["requests"]] == [1000]
    raised = QuotaGate(bundle.quota, {"requestsPerMinute": 10000})
    assert [w.limit for w in raised.windows["requests"]] == [10000]
    assert raised.windows["requests"][0].window_s == 60.0


def test_sliding_window_waits_for_the_oldest_call_to_age_out() -> None:
    now = [100.0]
    window = SlidingWindow(limit=2, window_s=60, now=lambda: now[0])
    window._calls.extend([100.0, 130.0])
    assert window.wait_time() == 60.0
    now[0] = 161.0
    assert window.wait_time() == 0.0  # the call at 100 left the window
