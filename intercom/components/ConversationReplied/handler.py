"""Conversation Replied: someone replies in a conversation (the customer, a teammate, or either)."""

from intercom.kit.triggers import choose, webhook_trigger

CONTACT = ("conversation.user.replied",)
ADMIN = ("conversation.admin.replied",)

start, stop, receive = webhook_trigger(
    choose("repliedBy", {"contact": CONTACT, "admin": ADMIN, "both": CONTACT + ADMIN}, default="both")
)
