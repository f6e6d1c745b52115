"""New Conversation: a conversation was started (webhook, or found by searching)."""

from typing import Any

from intercom.kit.inputs import choice
from intercom.kit.trigger_specs import PollingTrigger, chosen_by
from intercom.kit.triggers import Feed, searched

BY_CONTACT = ("conversation.user.created",)
BY_ADMIN = ("conversation.admin.single.created",)


def started_by_admin(conversation: dict[str, Any]) -> bool:
    author = (conversation.get("source") or {}).get("author") or {}
    return author.get("type") == "admin"


def wanted(conversation: dict[str, Any], properties: dict[str, Any]) -> bool:
    # A search finds every new conversation; keep teammate-started ones only when asked for.
    return properties.get("startedBy") == "anyone" or not started_by_admin(conversation)


STARTED_BY = choice(
    "startedBy", "Started by",
    "Only conversations a customer started, or also those a teammate started with one customer (an "
    "outbound message).",
    [("contact", "A customer"), ("anyone", "A customer or a teammate")],
    default="contact",
)

component = PollingTrigger(
    label="New Conversation",
    when="when a customer starts a conversation, and optionally when a teammate starts one with a single "
         "customer",
    note="Each conversation is sent exactly once.",
    topics=chosen_by(STARTED_BY, {"contact": BY_CONTACT, "anyone": BY_CONTACT + BY_ADMIN}),
    feed=Feed(
        searched("/conversations/search", "conversations", "created_at"),
        topic=lambda c: (BY_ADMIN if started_by_admin(c) else BY_CONTACT)[0],
    ),
    accept=wanted,
    item="conversation", out_label="Conversation", things="conversations",
)
start, stop, receive, tick = component.handlers
