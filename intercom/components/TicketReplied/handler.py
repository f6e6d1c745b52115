"""Ticket Replied: someone replies on a ticket (the customer, a teammate, or either)."""

from intercom.kit.triggers import choose, webhook_trigger

CONTACT = ("ticket.contact.replied",)
ADMIN = ("ticket.admin.replied",)

start, stop, receive = webhook_trigger(
    choose("repliedBy", {"contact": CONTACT, "admin": ADMIN, "both": CONTACT + ADMIN}, default="both")
)
