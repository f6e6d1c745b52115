"""Conversations (create, read, reply, manage, tag, list) and tickets."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import MIDNIGHT, Sandbox, SandboxFactory, assert_error


@pytest.fixture
async def chat(make_sandbox: SandboxFactory) -> tuple[Sandbox, dict[str, Any], dict[str, Any], str]:
    """A sandbox with one contact who has just opened a conversation."""
    sandbox = await make_sandbox(now=MIDNIGHT + 3600)
    contact = await sandbox.create_contact(email="asker@example.com", external_id="asker-1", name="Asker")
    response = await sandbox.client.post(
        "/conversations", json={"from": {"type": "user", "id": contact["id"]}, "body": "Hello there"}
    )
    assert response.status_code == 200
    admin_id = (await sandbox.client.get("/me")).json()["id"]
    return sandbox, contact, response.json(), admin_id


async def test_create_returns_a_user_message(chat) -> None:
    sandbox, contact, message, _ = chat
    assert message["type"] == "user_message"
    assert message["message_type"] == "inapp"
    assert message["body"] == "Hello there"
    assert message["conversation_id"].isdigit() and message["id"] != message["conversation_id"]

    conversation = (await sandbox.client.get(f"/conversations/{message['conversation_id']}")).json()
    assert conversation["type"] == "conversation"
    assert conversation["state"] == "open" and conversation["open"] is True
    assert conversation["source"]["body"] == "<p>Hello there</p>"
    assert conversation["source"]["author"]["id"] == contact["id"]
    assert conversation["contacts"]["contacts"] == [
        {"type": "contact", "id": contact["id"], "external_id": "asker-1"}
    ]
    assert conversation["conversation_parts"] == {
        "type": "conversation_part.list",
        "conversation_parts": [],
        "total_count": 0,
    }
    assert conversation["waiting_since"] == conversation["created_at"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"from": {"type": "user", "id": "0" * 24}, "body": "hi"}, 404, "not_found"),
        ({"from": {"type": "admin", "id": "1"}, "body": "hi"}, 400, "parameter_invalid"),
        ({"body": "hi"}, 400, "parameter_not_found"),
    ],
    ids=["unknown-contact", "admin-sender", "no-from"],
)
async def test_create_conversation_errors(sandbox: Sandbox, body, status, code) -> None:
    assert_error(await sandbox.client.post("/conversations", json=body), status, code)


async def test_create_conversation_requires_a_body(sandbox: Sandbox) -> None:
    contact = await sandbox.create_contact(email="x@example.com")
    response = await sandbox.client.post(
        "/conversations", json={"from": {"type": "user", "id": contact["id"]}}
    )
    assert_error(response, 400, "parameter_not_found")


async def test_admin_reply_and_note(chat) -> None:
    sandbox, _, message, admin_id = chat
    conversation_id = message["conversation_id"]
    reply = await sandbox.client.post(
        f"/conversations/{conversation_id}/reply",
        json={"message_type": "comment", "type": "admin", "admin_id": admin_id, "body": "How can I help?"},
    )
    assert reply.status_code == 200
    body = reply.json()
    part = body["conversation_parts"]["conversation_parts"][-1]
    assert part["part_type"] == "comment" and part["author"]["type"] == "admin"
    assert part["body"] == "<p>How can I help?</p>"
    assert body["waiting_since"] is None
    assert body["statistics"]["last_admin_reply_at"] == part["created_at"]

    note = await sandbox.client.post(
        f"/conversations/{conversation_id}/reply",
        json={"message_type": "note", "type": "admin", "admin_id": admin_id, "body": "<b>internal</b>"},
    )
    assert note.json()["conversation_parts"]["conversation_parts"][-1]["part_type"] == "note"

    bad_admin = await sandbox.client.post(
        f"/conversations/{conversation_id}/reply",
        json={"message_type": "comment", "type": "admin", "admin_id": "42", "body": "x"},
    )
    assert_error(bad_admin, 404, "admin_not_found")
    unknown = await sandbox.client.post(
        "/conversations/999/reply",
        json={"message_type": "comment", "type": "admin", "admin_id": admin_id, "body": "x"},
    )
    assert_error(unknown, 404, "not_found")


@pytest.mark.parametrize("identify", ["intercom_user_id", "email", "user_id"])
async def test_contact_reply_to_last_conversation_reopens_it(chat, identify: str) -> None:
    sandbox, contact, message, admin_id = chat
    conversation_id = message["conversation_id"]
    close = await sandbox.client.post(
        f"/conversations/{conversation_id}/parts",
        json={"message_type": "close", "type": "admin", "admin_id": admin_id},
    )
    assert close.json()["state"] == "closed"
    who = {"intercom_user_id": contact["id"], "email": contact["email"], "user_id": contact["external_id"]}[
        identify
    ]
    reply = await sandbox.client.post(
        "/conversations/last/reply",
        json={"message_type": "comment", "type": "user", identify: who, "body": "Still broken"},
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["id"] == conversation_id
    assert body["state"] == "open" and body["open"] is True
    assert body["conversation_parts"]["conversation_parts"][-1]["author"]["id"] == contact["id"]
    assert body["statistics"]["count_reopens"] == 1


async def test_manage_parts(chat) -> None:
    sandbox, _, message, admin_id = chat
    url = f"/conversations/{message['conversation_id']}/parts"
    now = sandbox.store.now()

    snoozed = (
        await sandbox.client.post(
            url, json={"message_type": "snoozed", "admin_id": admin_id, "snoozed_until": now + 3600}
        )
    ).json()
    assert snoozed["state"] == "snoozed" and snoozed["snoozed_until"] == now + 3600

    opened = (await sandbox.client.post(url, json={"message_type": "open", "admin_id": admin_id})).json()
    assert opened["state"] == "open" and opened["snoozed_until"] is None

    team_id = (await sandbox.client.get("/teams")).json()["teams"][0]["id"]
    assigned = await sandbox.client.post(
        url, json={"message_type": "assignment", "type": "team", "admin_id": admin_id, "assignee_id": team_id}
    )
    assert assigned.json()["team_assignee_id"] == int(team_id)
    assigned = await sandbox.client.post(
        url,
        json={"message_type": "assignment", "type": "admin", "admin_id": admin_id, "assignee_id": admin_id},
    )
    body = assigned.json()
    assert body["admin_assignee_id"] == int(admin_id)
    assert body["conversation_parts"]["conversation_parts"][-1]["assigned_to"] == {
        "type": "admin",
        "id": admin_id,
    }
    # Live lists the conversation's teammates under `admins` (the description says `teammates`).
    assert body["teammates"] == {"type": "admin.list", "admins": [{"type": "admin", "id": admin_id}]}

    closed = (
        await sandbox.client.post(
            url, json={"message_type": "close", "type": "admin", "admin_id": admin_id, "body": "Bye"}
        )
    ).json()
    assert closed["state"] == "closed" and closed["open"] is False
    assert [p["part_type"] for p in closed["conversation_parts"]["conversation_parts"]] == [
        "snoozed",
        "open",
        "assignment",
        "assignment",
        "close",
    ]

    assert_error(
        await sandbox.client.post(url, json={"message_type": "explode", "admin_id": admin_id}),
        400,
        "parameter_invalid",
    )
    assert_error(await sandbox.client.post(url, json={"message_type": "open"}), 400, "parameter_not_found")
    past = await sandbox.client.post(
        url, json={"message_type": "snoozed", "admin_id": admin_id, "snoozed_until": 5}
    )
    assert_error(past, 400, "parameter_invalid")


async def test_tag_a_conversation(chat) -> None:
    sandbox, _, message, admin_id = chat
    tag = (await sandbox.client.post("/tags", json={"name": "Billing"})).json()
    url = f"/conversations/{message['conversation_id']}/tags"
    applied = await sandbox.client.post(url, json={"id": tag["id"], "admin_id": admin_id})
    assert applied.json()["applied_by"] == {"type": "admin", "id": admin_id}
    conversation = (await sandbox.client.get(f"/conversations/{message['conversation_id']}")).json()
    assert [t["name"] for t in conversation["tags"]["tags"]] == ["Billing"]
    assert_error(await sandbox.client.post(url, json={"id": tag["id"]}), 400, "parameter_not_found")
    removed = await sandbox.client.request("DELETE", f"{url}/{tag['id']}", json={"admin_id": admin_id})
    assert removed.status_code == 200


async def test_list_conversations_pages_without_parts(make_sandbox: SandboxFactory) -> None:
    sandbox = await make_sandbox(seed=45)
    first = (await sandbox.client.get("/conversations")).json()
    assert first["type"] == "conversation.list"
    assert first["total_count"] == 45 and len(first["conversations"]) == 20
    assert all("conversation_parts" not in c for c in first["conversations"])
    cursor = first["pages"]["next"]["starting_after"]
    second = (
        await sandbox.client.get("/conversations", params={"starting_after": cursor, "per_page": 30})
    ).json()
    assert len(second["conversations"]) == 25 and "next" not in second["pages"]
    ids = [c["id"] for c in first["conversations"] + second["conversations"]]
    assert len(set(ids)) == 45 and all(i.isdigit() for i in ids)


async def test_plaintext_display(chat) -> None:
    sandbox, _, message, _ = chat
    response = await sandbox.client.get(
        f"/conversations/{message['conversation_id']}", params={"display_as": "plaintext"}
    )
    assert response.json()["source"]["body"] == "Hello there"


# ---- tickets --------------------------------------------------------------------------------


async def test_create_fetch_and_search_tickets(sandbox: Sandbox) -> None:
    types = (await sandbox.client.get("/ticket_types")).json()
    ticket_type = types["ticket_types"][0]
    contact = await sandbox.create_contact(email="bug@example.com")
    response = await sandbox.client.post(
        "/tickets",
        json={
            "ticket_type_id": ticket_type["id"],
            "contacts": [{"id": contact["id"]}],
            "ticket_attributes": {"_default_title_": "Crash", "_default_description_": "On upload"},
        },
    )
    assert response.status_code == 200, response.text
    ticket = response.json()
    assert ticket["type"] == "ticket" and ticket["ticket_state"] == "submitted"
    assert ticket["contacts"]["contacts"][0]["id"] == contact["id"]
    assert ticket["ticket_type"]["id"] == ticket_type["id"]
    assert (await sandbox.client.get(f"/tickets/{ticket['id']}")).json() == ticket

    by_email = await sandbox.client.post(
        "/tickets", json={"ticket_type_id": ticket_type["id"], "contacts": [{"email": "new@example.com"}]}
    )
    assert by_email.status_code == 200
    assert sandbox.store.find_contact(email="new@example.com") is not None

    found = await sandbox.client.post(
        "/tickets/search", json={"query": {"field": "title", "operator": "~", "value": "crash"}}
    )
    body = found.json()
    assert body["type"] == "ticket.list" and [t["id"] for t in body["tickets"]] == [ticket["id"]]

    two_contacts = await sandbox.client.post(
        "/tickets",
        json={
            "ticket_type_id": ticket_type["id"],
            "contacts": [{"id": contact["id"]}, {"email": "b@example.com"}],
        },
    )
    assert_error(two_contacts, 400, "parameter_invalid")
    assert_error(
        await sandbox.client.post("/tickets", json={"contacts": [{"id": contact["id"]}]}),
        400,
        "parameter_not_found",
    )
    assert_error(await sandbox.client.get("/tickets/1"), 404, "ticket_not_found")


async def test_statistics_carry_every_key_null_until_it_applies(chat) -> None:
    sandbox, _, message, admin_id = chat
    url = f"/conversations/{message['conversation_id']}"
    fresh = (await sandbox.client.get(url)).json()["statistics"]
    # As live: all 18 keys present from the start, unset ones null rather than missing.
    assert len(fresh) == 19 and fresh["type"] == "conversation_statistics"
    assert fresh["first_admin_reply_at"] is None and fresh["last_closed_by_id"] is None
    assert fresh["time_to_admin_reply"] is None and fresh["count_reopens"] == 0

    sandbox.store.clock.advance(600)
    await sandbox.client.post(
        f"{url}/reply", json={"message_type": "comment", "type": "admin", "admin_id": admin_id, "body": "On it"}
    )
    closed = await sandbox.client.post(
        f"{url}/parts", json={"message_type": "close", "type": "admin", "admin_id": admin_id}
    )
    stats = closed.json()["statistics"]
    assert stats["time_to_admin_reply"] == 600
    assert stats["last_closed_by_id"] == int(admin_id)  # an integer, as live sends it
    assert stats["first_close_at"] == stats["last_close_at"] == closed.json()["updated_at"]
