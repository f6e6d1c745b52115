"""Teammate-initiated messages (`POST /messages`) and Switch (`POST /phone_call_redirects`)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import ApiError, invalid, missing
from .store import SandboxStore, author_of_admin

E164 = re.compile(r"^\+[1-9][0-9 ]{6,18}$")


def _recipient(store: SandboxStore, to: Any) -> dict[str, Any]:
    if not isinstance(to, dict) or not to.get("id"):
        raise missing("to", "to is required and needs a type and an id")
    if to.get("type") not in ("user", "lead"):
        raise invalid("to.type must be user or lead", "to")
    contact = store.get_contact(str(to["id"]))
    if contact["role"] != to["type"]:
        raise ApiError(404, "not_found", f"No {to['type']} with this id")
    return contact


def _admin_conversation(
    store: SandboxStore, admin: dict[str, Any], contact: dict[str, Any], body: dict
) -> dict:
    conversation = store.add_conversation(contact, body["body"], subject=body.get("subject") or "")
    conversation["source"].update(
        delivered_as="admin_initiated", author=author_of_admin(admin), type=body["channel"]
    )
    conversation.update(waiting_since=None, first_contact_reply_at=None, channel_initiated=body["channel"])
    conversation["statistics"].pop("first_contact_reply_at", None)
    conversation["statistics"].pop("last_contact_reply_at", None)
    conversation["teammate_ids"].append(admin["id"])
    conversation["admin_assignee_id"] = admin["id"]
    return conversation


@endpoint
def create_message(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    kind = body.get("message_type")
    if kind not in ("in_app", "email"):
        raise invalid("message_type must be in_app or email", "message_type")
    text = body.get("body")
    if not isinstance(text, str) or not text.strip():
        raise missing("body", "Body is required")
    if kind == "email":
        if not isinstance(body.get("subject"), str) or not body["subject"].strip():
            raise missing("subject", "Subject is required for email messages")
        if body.get("template") not in ("plain", "personal"):
            raise invalid("template must be plain or personal", "template")
    sender = body.get("from")
    if not isinstance(sender, dict) or sender.get("type") != "admin" or sender.get("id") in (None, ""):
        raise missing("from", "from is required and must be an admin with an id")
    admin = store.get_admin(sender["id"], field="from")
    contact = _recipient(store, body.get("to"))
    now = store.now()
    message: dict[str, Any] = {
        "type": "admin_message",
        "id": store.number_id("message", 403_918_001),
        "created_at": now,
        "subject": body.get("subject") if kind == "email" else "",
        "body": text,
        "message_type": "email" if kind == "email" else "inapp",
        "owner": render.admin(admin),
    }
    if kind == "email":
        message["template"] = body["template"]
    if body.get("create_conversation_without_contact_reply") is True:
        channel = "email" if kind == "email" else "conversation"
        conversation = _admin_conversation(store, admin, contact, {**body, "channel": channel})
        message["conversation_id"] = conversation["id"]
        store.emit("conversation.admin.single.created", render.conversation(store, conversation))
    contact["last_contacted_at"] = now
    return message


@endpoint
def create_phone_switch(call: Call) -> dict[str, Any]:
    body = call.json()
    phone = body.get("phone")
    if not isinstance(phone, str) or not phone.strip():
        raise missing("phone")
    if not E164.match(phone.strip()):
        raise ApiError(422, "unprocessable_entity", "Phone number is not valid", "phone")
    link = uuid.UUID(int=call.store.rng.getrandbits(128), version=4)
    # Live answers carry the link the SMS holds, not the phone number the description names.
    return {"type": "phone_call_redirect", "url": f"http://via.intercom.io/msgr/{link}"}


routes = [
    Route("/messages", create_message, methods=["POST"]),
    Route("/phone_call_redirects", create_phone_switch, methods=["POST"]),
]
