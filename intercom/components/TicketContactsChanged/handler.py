"""Ticket Contacts Changed: a contact is added to or removed from a ticket."""

from intercom.kit.triggers import choose, webhook_trigger

ADDED = ("ticket.contact.attached",)
REMOVED = ("ticket.contact.detached",)

start, stop, receive = webhook_trigger(
    choose("change", {"added": ADDED, "removed": REMOVED, "both": ADDED + REMOVED}, default="both")
)
