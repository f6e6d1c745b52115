"""Conversation Participants Changed: a customer is added to or removed from a conversation."""

from intercom.kit.triggers import choose, webhook_trigger

ADDED = ("conversation.contact.attached",)
REMOVED = ("conversation.contact.detached",)

start, stop, receive = webhook_trigger(
    choose("change", {"added": ADDED, "removed": REMOVED, "both": ADDED + REMOVED}, default="both")
)
