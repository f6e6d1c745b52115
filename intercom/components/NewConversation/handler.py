"""New Conversation: a conversation was started (webhook, or found by searching)."""

from typing import Any

from intercom.kit.triggers import Feed, choose, event_trigger, searched

BY_CONTACT = ("conversation.user.created",)
BY_ADMIN = ("conversation.admin.single.created",)


def started_by_admin(conversation: dict[str, Any]) -> bool:
    author = (conversation.get("source") or {}).get("author") or {}
    return author.get("type") == "admin"


def wanted(conversation: dict[str, Any], properties: dict[str, Any]) -> bool:
    # A search finds every new conversation; keep teammate-started ones only when asked for.
    return properties.get("startedBy") == "anyone" or not started_by_admin(conversation)


start, stop, receive, tick = event_trigger(
    choose("startedBy", {"contact": BY_CONTACT, "anyone": BY_CONTACT + BY_ADMIN}, default="contact"),
    feed=Feed(
        searched("/conversations/search", "conversations", "created_at"),
        topic=lambda c: (BY_ADMIN if started_by_admin(c) else BY_CONTACT)[0],
    ),
    accept=wanted,
)
