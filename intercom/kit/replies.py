"""Replies to conversations and tickets: as a teammate (a reply or an internal note) or as the
contact, with image attachments. Both endpoints take the same body, so both components share
the inputs, the schema rules and the body built here."""

from __future__ import annotations

from typing import Any

from .admins import admin_or_acting
from .common import CONTACT_IDENTIFIERS, attachment_urls, contact_identifiers, first_of, teammate
from .inputs import Input, choice, textarea

AS_CONTACT = {"eq": {"./replyAs": "contact"}}
AS_ADMIN = {"eq": {"./replyAs": "admin"}}
# Intercom names the contact's identifier differently from our inputs.
CONTACT_KEYS = {"contactId": "intercom_user_id", "contactEmail": "email", "contactExternalId": "user_id"}


def reply_inputs(reply: str = "Message") -> list[Input]:
    """Who replies and what they write; ``reply`` names what the contact sees (Message, Reply)."""
    return [
        choice("replyAs", "Reply as", "Who writes the reply: a teammate, or the contact themself.",
               [("admin", "A teammate"), ("contact", "The contact")], default="admin"),
        choice("messageType", "Kind", f"A {reply.lower()} is seen by the contact; a note only by teammates.",
               [("comment", reply), ("note", "Internal note")], default="comment", when=AS_ADMIN),
        teammate(tooltip="Who the reply is from. Left empty: the teammate who connected the account.",
                 when=AS_ADMIN),
        *contact_identifiers("writes the reply", when=AS_CONTACT),
        textarea("body", "Text", "The reply's text. Notes accept simple HTML.", max_length=65535,
                 not_blank=True, required=True),
        attachment_urls(),
    ]


# A contact's reply names the contact exactly once and cannot be a note.
REPLY_RULES = {
    "if": {"required": ["replyAs"], "properties": {"replyAs": {"const": "contact"}}},
    "then": {
        "properties": {"messageType": {"const": "comment",
                                       "description": "contacts can only send messages, not notes"}},
        **first_of(*CONTACT_IDENTIFIERS),
    },
}


def reply_body(v: dict[str, Any]) -> dict[str, Any]:
    text = {k: v[ours] for ours, k in (("body", "body"), ("attachmentUrls", "attachment_urls")) if ours in v}
    if v.get("replyAs") == "contact":
        who = {api: v[ours] for ours, api in CONTACT_KEYS.items() if ours in v}
        return {"message_type": "comment", "type": "user", **who, **text}
    return {"message_type": v.get("messageType", "comment"), "type": "admin",
            "admin_id": admin_or_acting(v.get("adminId")), **text}
