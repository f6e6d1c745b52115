"""Conversations: creation, reading, listing, search, replies, state changes, participants,
redaction and conversion to a ticket."""

from __future__ import annotations

import re
from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import ApiError, invalid, missing, not_found
from .pagination import SortOrder, cursor_page, parse_per_page
from .routes_tags import acting_admin, tag_record, untag_record
from .routes_tickets import attachments_of, new_ticket
from .search import CONVERSATION_SEARCH, paged_search
from .store import SandboxStore, author_of_admin, author_of_contact

CONVERSATIONS_PER_PAGE = 20
_CONTACT_FROM_TYPES = ("user", "lead", "contact")


def _list_body(store: SandboxStore, page: Any) -> dict[str, Any]:
    # List and search items carry no parts, as in Intercom.
    return page.body("conversation.list", "conversations",
                     lambda c: render.conversation(store, c, with_parts=False))


def _plaintext(conversation: dict[str, Any]) -> dict[str, Any]:
    """`display_as=plaintext`: bodies without their HTML tags."""

    def strip(body: str | None) -> str | None:
        return re.sub(r"<[^>]+>", "", body) if body else body

    conversation["source"]["body"] = strip(conversation["source"]["body"])
    for part in conversation.get("conversation_parts", {}).get("conversation_parts", []):
        part["body"] = strip(part["body"])
    return conversation


def _touch_teammate(conversation: dict[str, Any], admin: dict[str, Any]) -> None:
    if admin["id"] not in conversation["teammate_ids"]:
        conversation["teammate_ids"].append(admin["id"])


def _latest(conversations: list[dict[str, Any]]) -> dict[str, Any]:
    if not conversations:
        raise not_found("Conversation not found")
    return max(conversations, key=lambda c: (c["updated_at"], c["_seq"]))


def _finish(
    call: Call, conversation: dict[str, Any], topic: str, admin: dict[str, Any] | None = None
) -> dict:
    """Render, notify and answer: every mutation returns the whole updated conversation."""
    if admin is not None:
        _touch_teammate(conversation, admin)
    rendered = render.conversation(call.store, conversation)
    call.store.emit(topic, rendered)
    return rendered


# ---- create / read / list ---------------------------------------------------------------------


@endpoint
def create_conversation(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    sender = body.get("from")
    if not isinstance(sender, dict) or not sender.get("id"):
        raise missing("from", "from is required and needs a type and an id")
    if sender.get("type") not in _CONTACT_FROM_TYPES:
        raise invalid("from.type must be one of user, lead, contact", "from")
    text = body.get("body")
    if not isinstance(text, str) or not text.strip():
        raise missing("body", "Body is required")
    contact = store.get_contact(str(sender["id"]))
    subject = body.get("subject") if isinstance(body.get("subject"), str) else ""
    conversation = store.add_conversation(contact, text, subject=subject)
    store.emit("conversation.user.created", render.conversation(store, conversation))
    return {
        "type": "user_message",
        "id": conversation["source"]["id"],
        "created_at": conversation["created_at"],
        "body": text,
        "message_type": "inapp",
        "conversation_id": conversation["id"],
    }


@endpoint
def retrieve_conversation(call: Call) -> dict[str, Any]:
    rendered = render.conversation(call.store, call.store.get_conversation(call.path("id")))
    if call.query.get("display_as") == "plaintext":
        return _plaintext(rendered)
    return rendered


@endpoint
def update_conversation(call: Call) -> dict[str, Any]:
    store = call.store
    conversation = store.get_conversation(call.path("id"))
    body = call.json()
    if "read" in body:
        if not isinstance(body["read"], bool):
            raise invalid("read must be a boolean", "read")
        conversation["read"] = body["read"]
    custom = body.get("custom_attributes")
    if custom is not None:
        if not isinstance(custom, dict):
            raise invalid("custom_attributes must be an object", "custom_attributes")
        conversation["custom_attributes"].update(custom)
    conversation["updated_at"] = max(store.now(), conversation["updated_at"])
    return render.conversation(store, conversation)


@endpoint
def list_conversations(call: Call) -> dict[str, Any]:
    store = call.store
    page = cursor_page(
        store.conversations,
        SortOrder(),
        per_page=parse_per_page(call.query.get("per_page"), CONVERSATIONS_PER_PAGE),
        starting_after=call.query.get("starting_after"),
    )
    return _list_body(store, page)


@endpoint
def search_conversations(call: Call) -> dict[str, Any]:
    store = call.store
    page = paged_search(
        store, CONVERSATION_SEARCH, list(store.conversations.values()), call.json(), CONVERSATIONS_PER_PAGE
    )
    return _list_body(store, page)


# ---- replies ----------------------------------------------------------------------------------


def _reply_as_admin(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    store = call.store
    message_type = body.get("message_type")
    if message_type not in ("comment", "note"):
        raise invalid("message_type must be comment or note for admin replies", "message_type")
    admin = acting_admin(store, body)
    text = body.get("body")
    if not (isinstance(text, str) and text.strip()) and not body.get("attachment_urls"):
        raise ApiError(400, "parameter_invalid", "Body is required", "body")
    conversation_id = call.path("id")
    if conversation_id == "last":
        mine = [
            c for c in store.conversations.values()
            if c["admin_assignee_id"] == admin["id"] or admin["id"] in c["teammate_ids"]
        ]  # fmt: skip
        conversation = _latest(mine)
    else:
        conversation = store.get_conversation(conversation_id)
    now = max(store.now(), conversation["updated_at"])
    attachments = attachments_of(body.get("attachment_urls"))  # refused before anything changes
    part = store.add_part(conversation, message_type, author_of_admin(admin), text, created_at=now)
    part["attachments"] = attachments
    if message_type == "note":
        return _finish(call, conversation, "conversation.admin.noted", admin)
    conversation["waiting_since"] = None  # the contact is no longer waiting on the team
    stats = conversation["statistics"]
    stats.setdefault("first_admin_reply_at", now)
    stats["last_admin_reply_at"] = now
    if stats.get("last_assignment_at") is not None:
        stats["last_assignment_admin_reply_at"] = now
    return _finish(call, conversation, "conversation.admin.replied", admin)


def _reply_as_contact(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    store = call.store
    if body.get("message_type") != "comment":
        raise invalid("message_type must be comment for contact replies", "message_type")
    text = body.get("body")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "parameter_invalid", "Body is required", "body")
    if body.get("intercom_user_id"):
        contact = store.get_contact(str(body["intercom_user_id"]))
    elif body.get("email") or body.get("user_id"):
        contact = store.find_contact(email=body.get("email") or None, external_id=body.get("user_id") or None)
        if contact is None:
            raise not_found("User Not Found")
    else:
        raise missing("intercom_user_id", "One of intercom_user_id, email or user_id is required")
    conversation_id = call.path("id")
    if conversation_id == "last":
        conversation = _latest([c for c in store.conversations.values() if contact["id"] in c["contact_ids"]])
    else:
        conversation = store.get_conversation(conversation_id)
    now = max(store.now(), conversation["updated_at"])
    attachments = attachments_of(body.get("attachment_urls"))  # refused before anything changes
    part = store.add_part(conversation, "comment", author_of_contact(contact), text, created_at=now)
    part["attachments"] = attachments
    stats = conversation["statistics"]
    if conversation["state"] != "open":
        # A contact writing into a closed or snoozed conversation reopens it.
        if conversation["state"] == "closed":
            stats["count_reopens"] = stats.get("count_reopens", 0) + 1
        conversation.update(state="open", open=True, snoozed_until=None)
    conversation["waiting_since"] = conversation["waiting_since"] or now
    stats["last_contact_reply_at"] = now
    contact["last_replied_at"] = now
    return _finish(call, conversation, "conversation.user.replied")


@endpoint
def reply_conversation(call: Call) -> dict[str, Any]:
    body = call.json()
    if body.get("type") == "admin":
        return _reply_as_admin(call, body)
    if body.get("type") == "user":
        return _reply_as_contact(call, body)
    raise invalid("type must be admin or user", "type")


# ---- close / snooze / open / assign --------------------------------------------------------------


@endpoint
def manage_conversation(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    conversation = store.get_conversation(call.path("id"))
    message_type = body.get("message_type")
    if message_type not in ("close", "snoozed", "open", "assignment"):
        raise invalid("message_type must be one of close, snoozed, open, assignment", "message_type")
    admin = acting_admin(store, body)
    now = max(store.now(), conversation["updated_at"])
    stats = conversation["statistics"]
    author = author_of_admin(admin)

    if message_type == "close":
        if body.get("type") != "admin":
            raise invalid("type must be admin", "type")
        conversation.update(state="closed", open=False, snoozed_until=None, waiting_since=None)
        store.add_part(conversation, "close", author, body.get("body"), created_at=now)
        stats.setdefault("first_close_at", now)
        stats["last_close_at"] = now
        stats["last_closed_by_id"] = admin["id"]
        return _finish(call, conversation, "conversation.admin.closed", admin)

    if message_type == "snoozed":
        until = body.get("snoozed_until")
        if isinstance(until, bool) or not isinstance(until, int):
            raise missing("snoozed_until", "snoozed_until must be a unix timestamp")
        if until <= now:
            raise invalid("snoozed_until must be in the future", "snoozed_until")
        conversation.update(state="snoozed", open=True, snoozed_until=until)
        store.add_part(conversation, "snoozed", author, created_at=now)
        return _finish(call, conversation, "conversation.admin.snoozed", admin)

    if message_type == "open":
        if conversation["state"] == "closed":
            stats["count_reopens"] = stats.get("count_reopens", 0) + 1
        conversation.update(state="open", open=True, snoozed_until=None)
        store.add_part(conversation, "open", author, created_at=now)
        return _finish(call, conversation, "conversation.admin.opened", admin)

    # assignment
    assignee_type = body.get("type")
    if assignee_type not in ("admin", "team"):
        raise invalid("type must be admin or team", "type")
    assignee_id = body.get("assignee_id")
    if assignee_id in (None, ""):
        raise missing("assignee_id")
    assignee_id = str(assignee_id)
    unassign = assignee_id == "0"
    if assignee_type == "admin":
        if not unassign:
            store.get_admin(assignee_id, field="assignee_id")
        conversation["admin_assignee_id"] = None if unassign else assignee_id
    else:
        if not unassign:
            store.get_team(assignee_id)
        conversation["team_assignee_id"] = None if unassign else assignee_id
    assigned_to = None if unassign else {"type": assignee_type, "id": assignee_id}
    store.add_part(
        conversation, "assignment", author, body.get("body"), assigned_to=assigned_to, created_at=now
    )
    stats["count_assignments"] = stats.get("count_assignments", 0) + 1
    stats.setdefault("first_assignment_at", now)
    stats["last_assignment_at"] = now
    return _finish(call, conversation, "conversation.admin.assigned", admin)


# ---- tags ---------------------------------------------------------------------------------------


@endpoint
def tag_conversation(call: Call) -> dict[str, Any]:
    conversation = call.store.get_conversation(call.path("conversation_id"))
    return tag_record(call.store, conversation["_tags"], call.json())


@endpoint
def untag_conversation(call: Call) -> dict[str, Any]:
    conversation = call.store.get_conversation(call.path("conversation_id"))
    return untag_record(call.store, conversation["_tags"], call.path("id"), call.json())


# ---- assignment rules, participants, redaction, conversion --------------------------------------


@endpoint
def run_assignment_rules(call: Call) -> dict[str, Any]:
    """The sandbox's only rule: a conversation nobody holds goes to the first team."""
    store = call.store
    conversation = store.get_conversation(call.path("id"))
    if call.body is not None:
        raise invalid("this endpoint takes no body")
    now = max(store.now(), conversation["updated_at"])
    team = next(iter(store.teams.values()), None)
    unassigned = conversation["team_assignee_id"] is None and conversation["admin_assignee_id"] is None
    if team is not None and unassigned:
        conversation["team_assignee_id"] = team["id"]
        bot = {"type": "bot", "id": "0", "name": "Operator", "email": "operator@sandbox.test"}
        assigned_to = {"type": "team", "id": team["id"]}
        store.add_part(conversation, "default_assignment", bot, assigned_to=assigned_to, created_at=now)
        stats = conversation["statistics"]
        stats["count_assignments"] = stats.get("count_assignments", 0) + 1
        stats.setdefault("first_assignment_at", now)
        stats["last_assignment_at"] = now
        return _finish(call, conversation, "conversation.admin.assigned")
    return render.conversation(store, conversation)


def _participants(store: SandboxStore, conversation: dict[str, Any]) -> dict[str, Any]:
    # Live answers list the participants, not the whole conversation (the description says otherwise).
    contacts = [store.contacts[c] for c in conversation["contact_ids"] if c in store.contacts]
    return {"customers": [{"type": c["role"], "id": c["id"]} for c in contacts]}


@endpoint
def attach_contact(call: Call) -> dict[str, Any]:
    store = call.store
    conversation = store.get_conversation(call.path("id"))
    body = call.json()
    admin = acting_admin(store, body)
    customer = body.get("customer")
    if not isinstance(customer, dict):
        raise missing("customer", "customer is required and names the contact")
    if customer.get("intercom_user_id"):
        contact = store.get_contact(str(customer["intercom_user_id"]))
    elif customer.get("email") or customer.get("user_id"):
        contact = store.find_contact(
            email=customer.get("email") or None, external_id=customer.get("user_id") or None
        )
        if contact is None:
            raise not_found("User Not Found")
    else:
        raise missing("customer", "customer needs an intercom_user_id, user_id or email")
    if contact["id"] not in conversation["contact_ids"]:
        conversation["contact_ids"].append(contact["id"])
        store.add_part(conversation, "participant_added", author_of_admin(admin), created_at=store.now())
        _touch_teammate(conversation, admin)
        store.emit("conversation.contact.attached", render.conversation(store, conversation))
    return _participants(store, conversation)


@endpoint
def detach_contact(call: Call) -> Any:
    store = call.store
    conversation = store.get_conversation(call.path("conversation_id"))
    admin = acting_admin(store, call.json())
    contact = store.get_contact(call.path("contact_id"))
    if contact["id"] not in conversation["contact_ids"]:
        raise not_found("User is not a participant of this conversation")
    if len(conversation["contact_ids"]) == 1:
        raise ApiError(422, "parameter_invalid", "Removing the last customer is not allowed")
    conversation["contact_ids"].remove(contact["id"])
    store.add_part(conversation, "participant_removed", author_of_admin(admin), created_at=store.now())
    store.emit("conversation.contact.detached", render.conversation(store, conversation))
    return _participants(store, conversation)


REDACTED = "<p><i>This message was redacted</i></p>"


@endpoint
def redact(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    if body.get("type") not in ("conversation_part", "source"):
        raise invalid("type must be conversation_part or source", "type")
    if body.get("conversation_id") in (None, ""):
        raise missing("conversation_id")
    conversation = store.get_conversation(str(body["conversation_id"]))
    if body["type"] == "source":
        source = conversation["source"]
        if str(body.get("source_id") or "") != source["id"]:
            raise not_found("Source not found")
        source.update(body=REDACTED, attachments=[], redacted=True)
        redacted = {"type": "conversation_part", "id": source["id"], "conversation_id": conversation["id"]}
    else:
        part_id = str(body.get("conversation_part_id") or "")
        part = next((p for p in conversation["parts"] if p["id"] == part_id), None)
        if part is None:
            raise not_found("Conversation part not found")
        part.update(body=REDACTED, attachments=[], redacted=True)
        redacted = {"type": "conversation_part", "conversation_id": conversation["id"], **part}
    store.emit("conversation_part.redacted", redacted)
    return render.conversation(store, conversation)


@endpoint
def convert_to_ticket(call: Call) -> dict[str, Any]:
    store = call.store
    conversation = store.get_conversation(call.path("id"))
    body = call.json()
    if body.get("ticket_type_id") in (None, ""):
        raise missing("ticket_type_id")
    ticket_type = store.ticket_types.get(str(body["ticket_type_id"]))
    if ticket_type is None:
        raise ApiError(400, "parameter_invalid", "Ticket type not found", "ticket_type_id")
    if conversation.get("_ticket_id"):
        raise ApiError(400, "parameter_invalid", "Conversation has already been converted to a ticket")
    attributes = body.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise invalid("attributes must be an object", "attributes")
    contact = store.get_contact(conversation["contact_ids"][0])
    ticket = new_ticket(store, ticket_type, contact, attributes)
    ticket["parts"].extend(dict(p) for p in conversation["parts"])
    conversation["_ticket_id"] = ticket["id"]
    rendered = render.ticket(store, ticket)
    store.emit("ticket.created", rendered)
    return rendered


routes = [
    Route("/conversations", list_conversations, methods=["GET"]),
    Route("/conversations", create_conversation, methods=["POST"]),
    Route("/conversations/search", search_conversations, methods=["POST"]),
    Route("/conversations/{id}", retrieve_conversation, methods=["GET"]),
    Route("/conversations/{id}", update_conversation, methods=["PUT"]),
    Route("/conversations/{id}/reply", reply_conversation, methods=["POST"]),
    Route("/conversations/{id}/parts", manage_conversation, methods=["POST"]),
    Route("/conversations/{conversation_id}/tags", tag_conversation, methods=["POST"]),
    Route("/conversations/{conversation_id}/tags/{id}", untag_conversation, methods=["DELETE"]),
    Route("/conversations/redact", redact, methods=["POST"]),
    Route("/conversations/{id}/run_assignment_rules", run_assignment_rules, methods=["POST"]),
    Route("/conversations/{id}/customers", attach_contact, methods=["POST"]),
    Route("/conversations/{conversation_id}/customers/{contact_id}", detach_contact, methods=["DELETE"]),
    Route("/conversations/{id}/convert", convert_to_ticket, methods=["POST"]),
]
