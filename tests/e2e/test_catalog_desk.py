"""Catalog II over real sockets: conversations, messages, tickets, ticket types, teammates, teams
and Switch, each component run through the Host against the sandbox.

Every run below is a 2xx exchange with the sandbox (the Host raises on any other answer) and the
emitted record is checked against what the sandbox now holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import respx
from httpx import Response

from intercom.host import Bundle, Host
from intercom.kit import transformers
from intercom.kit.ticket_attributes import attribute_key
from intercom_sandbox import SandboxConfig, SandboxServer
from intercom_sandbox.store import author_of_admin
from tests.replay import BASE_URL, TOKEN, Scenario
from tests.test_scenarios import play

NOW = 1_719_500_000  # the sandbox's frozen clock: 2024-06-27
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(seed=12, random_seed=5, now=NOW)) as server:
        monkeypatch.setenv("INTERCOM_BASE_URL", server.base_url)
        yield server


@pytest.fixture
def host(sandbox: SandboxServer) -> Host:
    return Host(Bundle.load(), connection={"accessToken": "sandbox-token"})


async def run(host: Host, name: str, content: dict[str, Any], port: str = "out", **kw: Any) -> Any:
    emitted = await host.run(name, content, **kw)
    assert [m.port for m in emitted] == [port], f"{name} emitted {[m.port for m in emitted]}"
    return emitted[0].data


async def test_a_conversation_is_worked_from_first_message_to_ticket(sandbox: SandboxServer, host: Host) -> None:
    store = sandbox.store
    admin, team = store.default_admin(), next(iter(store.teams.values()))
    contact = await run(host, "CreateContact", {"email": "desk@acme.test", "name": "Desk Test"})
    other = await run(host, "CreateContact", {"email": "colleague@acme.test"})
    started = await run(host, "CreateConversation", {"contactId": contact["id"], "body": "My parcel is late"})
    cid = started["conversation_id"]

    reply = await run(host, "ReplyToConversation", {"conversationId": cid, "body": "Sorry!", "attachmentUrls":
                                                    "https://example.com/label.png"})
    assert reply["conversation_parts"]["conversation_parts"][-1]["author"]["id"] == admin["id"]
    await run(host, "AddNoteToConversation", {"conversationId": cid, "body": "Courier contacted"})
    assigned = await run(host, "AssignConversation", {"conversationId": cid, "assigneeType": "team",
                                                      "teamId": team["id"]})
    assert str(assigned["team_assignee_id"]) == team["id"]
    managed = await run(host, "ManageConversation", {"conversationId": cid, "action": "assignment",
                                                     "assigneeId": admin["id"]})
    assert str(managed["admin_assignee_id"]) == admin["id"]
    snoozed = await run(host, "SnoozeConversation", {"conversationId": cid, "snoozedUntil": NOW + 86400})
    assert (snoozed["state"], snoozed["snoozed_until"]) == ("snoozed", NOW + 86400)
    assert (await run(host, "OpenConversation", {"conversationId": cid}))["state"] == "open"
    updated = await run(host, "UpdateConversation", {"conversationId": cid, "read": "read",
                                                     "customAttributes": {"order_number": "10452"}})
    assert updated["read"] is True and updated["custom_attributes"] == {"order_number": "10452"}

    joined = await run(host, "AddContactToConversation", {"conversationId": cid, "contactEmail": other["email"]})
    assert {c["id"] for c in joined["customers"]} == {contact["id"], other["id"]}
    left = await run(host, "RemoveContactFromConversation", {"conversationId": cid, "contactId": other["id"]})
    assert [c["id"] for c in left["customers"]] == [contact["id"]]

    note = store.conversations[cid]["parts"][1]
    redacted = await run(host, "RedactConversationPart", {"conversationId": cid, "partId": note["id"]})
    part = next(p for p in redacted["conversation_parts"]["conversation_parts"] if p["id"] == note["id"])
    assert part["redacted"] is True and "Courier" not in part["body"]

    fetched = await run(host, "GetConversation", {"conversationId": cid, "plainText": True})
    assert [e["part_type"] for e in fetched["transcript"]][:3] == ["source", "comment", "note"]
    assert fetched["transcript"][1]["attachment_urls"] == ["https://example.com/label.png"]
    assert not fetched["transcript_truncated"]
    assert "Desk Test: My parcel is late" in fetched["transcript_text"]

    closed = await run(host, "CloseConversation", {"conversationId": cid, "body": "Delivered"})
    assert closed["state"] == "closed" and store.conversations[cid]["state"] == "closed"
    ticket = await run(host, "ConvertConversationToTicket", {"conversationId": cid, "ticketTypeId": "1",
                                                             "title": "Late parcel"})
    assert ticket["ticket_attributes"] == {"_default_title_": "Late parcel"} and ticket["id"] in store.tickets

    listed = await run(host, "ListConversations", {"outputType": "array", "limit": 100})
    assert cid in {c["id"] for c in listed["result"]} and listed["count"] == len(store.conversations)
    found = await run(host, "SearchConversations", {"query": {"OR": [{"AND": [
        {"field": "contact_ids", "operator": "=", "value": contact["id"]}]}]}, "outputType": "first"})
    assert found["id"] == cid


async def test_assignment_rules_hand_an_unassigned_conversation_to_a_team(sandbox: SandboxServer, host: Host) -> None:
    store = sandbox.store
    conversation = next(c for c in store.conversations.values() if not c["team_assignee_id"])
    ran = await run(host, "RunAssignmentRules", {"conversationId": conversation["id"]})
    assert str(ran["team_assignee_id"]) == next(iter(store.teams))


async def test_a_conversation_of_more_than_500_parts_is_flagged_truncated(sandbox: SandboxServer, host: Host) -> None:
    store = sandbox.store
    conversation = next(iter(store.conversations.values()))
    with store.lock:
        for n in range(520):
            store.add_part(conversation, "comment", author_of_admin(store.default_admin()), f"Update {n}",
                           created_at=NOW - 1000 + n)
    fetched = await run(host, "GetConversation", {"conversationId": conversation["id"]})
    assert len(fetched["conversation_parts"]["conversation_parts"]) == 500
    assert fetched["transcript_truncated"] is True
    assert len(fetched["transcript"]) == 501 and fetched["transcript"][-1]["text"] == "Update 519"


async def test_the_500_part_cap_is_read_from_intercom_counts() -> None:
    """Live Intercom returns 500 parts; the statistics still count them all."""
    parts = [{"type": "conversation_part", "id": str(n), "part_type": "comment", "body": f"<p>{n}</p>",
              "created_at": 1_719_000_000 + n, "author": {"type": "admin", "id": "1", "name": "Ada"}}
             for n in range(500)]
    body = {"type": "conversation", "id": "77", "created_at": 1_719_000_000, "updated_at": 1_719_100_000,
            "source": {"type": "conversation", "id": "9", "body": "<p>Hi</p>", "author": {"type": "user"}},
            "statistics": {"count_conversation_parts": 742},
            "conversation_parts": {"type": "conversation_part.list", "conversation_parts": parts, "total_count": 500}}
    host = Host(Bundle.load(), connection={"accessToken": TOKEN})
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get("/conversations/77").mock(return_value=Response(200, json=body))
        (out,) = await host.run("GetConversation", {"conversationId": "77"})
    assert out.data["transcript_truncated"] is True and len(out.data["transcript"]) == 501
    short = {**body, "statistics": {"count_conversation_parts": 3},
             "conversation_parts": {"conversation_parts": parts[:2], "total_count": 2}}
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get("/conversations/77").mock(return_value=Response(200, json=short))
        (out,) = await host.run("GetConversation", {"conversationId": "77"})
    assert out.data["transcript_truncated"] is False


async def test_create_ticket_inspector_is_built_from_the_ticket_type() -> None:
    scenario = Scenario.load(FIXTURES / "CreateTicket" / "inspector_from_ticket_type.json")
    emitted, replayer, error = await play(Host(Bundle.load(), connection={"accessToken": TOKEN}), scenario)
    replayer.assert_done()
    assert error is None and [r.url.path for r in replayer.requests] == ["/ticket_types/2"]
    inputs = emitted[0].data["inputs"]
    generated = {k: (v["type"], v["label"]) for k, v in inputs.items() if k.startswith("ticketAttribute_")}
    assert generated == {
        attribute_key("list", "Priority"): ("select", "Priority"),
        attribute_key("integer", "Order number"): ("number", "Order number"),
        attribute_key("datetime", "Refund due"): ("date-time", "Refund due"),
        attribute_key("decimal", "Amount"): ("number", "Amount"),
        attribute_key("boolean", "Gift card instead"): ("toggle", "Gift card instead"),
        attribute_key("string", "Reason"): ("textarea", "Reason"),
    }  # the files attribute cannot be set through the API; the built-in title and description have inputs
    priority = inputs[attribute_key("list", "Priority")]
    assert [o["value"] for o in priority["options"]] == ["Low", "Medium", "High", "Urgent"]
    assert "Required" in priority["tooltip"] and priority["group"] == "ticketAttributes"
    assert {"ticketTypeId", "contactEmail", "title", "ticketAttributes"} <= set(inputs)
    manifest = Bundle.load().find("CreateTicket").manifest["inPorts"][0]
    assert manifest["inspector"]["source"]["data"] == {
        "properties": {"generateInspector": True}, "messages": {"in/ticketTypeId": "inputs/in/ticketTypeId"}}
    # The keys the inspector hands out are the ones the input port accepts.
    assert all(any(re.match(p, k) for p in manifest["schema"]["patternProperties"]) for k in generated)


async def test_tickets_and_ticket_types_through_the_sandbox(sandbox: SandboxServer, host: Host) -> None:
    store = sandbox.store
    admin, team = store.default_admin(), next(iter(store.teams.values()))
    user = next(c for c in store.contacts.values() if c["role"] == "user")
    made = await run(host, "CreateTicketType", {"name": "Hardware fault", "category": "Back-office", "icon": "🔧"})
    tid = made["id"]
    assert [a["name"] for a in made["ticket_type_attributes"]["ticket_type_attributes"]] == [
        "_default_title_", "_default_description_"]
    severity = await run(host, "CreateTicketTypeAttribute", {"ticketTypeId": tid, "name": "Severity",
                                                             "description": "How bad", "dataType": "list",
                                                             "listItems": "Low,High"})
    changed = await run(host, "UpdateTicketTypeAttribute", {"ticketTypeId": tid, "attributeId": severity["id"],
                                                            "listItems": "Low,High,Critical", "requiredToCreate": True})
    assert [o["label"] for o in changed["input_options"]["list_options"]] == ["Low", "High", "Critical"]
    renamed = await run(host, "UpdateTicketType", {"ticketTypeId": tid, "description": "Broken devices"})
    assert renamed["description"] == "Broken devices"
    assert (await run(host, "GetTicketType", {"ticketTypeId": tid}))["name"] == "Hardware fault"
    listed = await run(host, "ListTicketTypes", {"outputType": "array"})
    assert {t["id"] for t in listed["result"]} == set(store.ticket_types)
    options = transformers.ticket_types_to_options(await run(host, "TicketTypeOptions", {"outputType": "array"}))
    assert {"label": "Hardware fault (Back-office)", "value": tid} in options
    attributes = transformers.ticket_type_attributes_to_options(
        await run(host, "TicketTypeAttributeOptions", {"ticketTypeId": tid, "outputType": "array"}))
    assert {"label": "Severity (list)", "value": severity["id"]} in attributes

    inspector = await run(host, "CreateTicket", {"ticketTypeId": tid}, properties={"generateInspector": True})
    key = attribute_key("list", "Severity")
    assert [o["value"] for o in inspector["inputs"][key]["options"]] == ["Low", "High", "Critical"]
    ticket = await run(host, "CreateTicket", {"ticketTypeId": tid, "contactExternalId": user["external_id"],
                                              "title": "Laptop will not boot", key: "Critical"})
    assert ticket["ticket_attributes"] == {"_default_title_": "Laptop will not boot", "Severity": "Critical"}
    assert (await run(host, "GetTicket", {"ticketId": ticket["id"]}))["id"] == ticket["id"]
    moved = await run(host, "UpdateTicket", {"ticketId": ticket["id"], "state": "in_progress",
                                             "teamAssigneeId": team["id"], "isShared": "no"})
    assert (moved["ticket_state"], moved["team_assignee_id"], moved["is_shared"]) == ("in_progress", team["id"], False)
    closed = await run(host, "UpdateTicket", {"ticketId": ticket["id"], "open": "no", "assigneeId": admin["id"]})
    assert closed["open"] is False and closed["admin_assignee_id"] == admin["id"]
    note = await run(host, "ReplyToTicket", {"ticketId": ticket["id"], "messageType": "note", "body": "Sent a new one"})
    assert note["part_type"] == "note" and note["author"]["id"] == admin["id"]
    answer = await run(host, "ReplyToTicket", {"ticketId": ticket["id"], "replyAs": "contact",
                                               "contactEmail": user["email"], "body": "Thank you"})
    assert answer["author"]["id"] == user["id"]
    found = await run(host, "SearchTickets", {"query": {"OR": [{"AND": [
        {"field": "ticket_type_id", "operator": "=", "value": tid}]}]}, "outputType": "array"})
    assert [t["id"] for t in found["result"]] == [ticket["id"]]


async def test_teammates_teams_messages_and_switch(sandbox: SandboxServer, host: Host) -> None:
    store = sandbox.store
    admin, team = store.default_admin(), next(iter(store.teams.values()))
    me = await run(host, "GetCurrentTeammate", {})
    assert me["id"] == admin["id"] and me["app"]["id_code"] == store.app["id_code"]
    teammates = await run(host, "ListTeammates", {"outputType": "array"})
    assert [a["id"] for a in teammates["result"]] == list(store.admins)
    assert transformers.admins_to_options(await run(host, "TeammateOptions", {"outputType": "array"})) == [
        {"label": f"{admin['name']} ({admin['email']})", "value": admin["id"]}]
    assert (await run(host, "GetTeammate", {"adminId": admin["id"]}))["email"] == admin["email"]
    away = await run(host, "SetTeammateAway", {"adminId": admin["id"], "reassign": True})
    assert (away["away_mode_enabled"], away["away_mode_reassign"]) == (True, True)
    logs = await run(host, "ListActivityLogs", {"createdAfter": NOW - 60, "outputType": "array"})
    assert [e["activity_type"] for e in logs["result"]] == ["admin_away_mode_change"]
    everything = await run(host, "ListActivityLogs", {"createdAfter": 0, "outputType": "array"})
    assert everything["count"] == len(store.activity_logs) >= 3

    teams = await run(host, "ListTeams", {"outputType": "array"})
    assert [t["id"] for t in teams["result"]] == list(store.teams)
    assert transformers.teams_to_options(await run(host, "TeamOptions", {"outputType": "array"})) == [
        {"label": team["name"], "value": team["id"]}]
    assert (await run(host, "GetTeam", {"teamId": team["id"]}))["admin_ids"] == [int(admin["id"])]

    user = next(c for c in store.contacts.values() if c["role"] == "user")
    email = await run(host, "SendMessage", {"messageType": "email", "contactId": user["id"], "subject": "Hello",
                                            "body": "Welcome aboard"})
    assert (email["message_type"], email["subject"], email["template"]) == ("email", "Hello", "plain")
    in_app = await run(host, "SendMessage", {"contactExternalId": user["external_id"], "body": "Tip of the day",
                                             "createConversation": True})
    started = store.conversations[in_app["conversation_id"]]
    assert started["source"]["delivered_as"] == "admin_initiated" and started["contact_ids"] == [user["id"]]
    nobody = await run(host, "SendMessage", {"contactEmail": "ghost@acme.test", "body": "Hi"}, port="notFound")
    assert nobody["contactEmail"] == "ghost@acme.test"
    redirect = await run(host, "SwitchCallToMessenger", {"phone": "+14155550100"})
    assert redirect["type"] == "phone_call_redirect" and redirect["url"].startswith("http://via.intercom.io/msgr/")
