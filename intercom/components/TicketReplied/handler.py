"""Ticket Replied: someone replies on a ticket (the customer, a teammate, or either)."""

from intercom.kit.trigger_specs import WebhookTrigger, replied_by

component = WebhookTrigger(
    label="Ticket Replied", when="when someone replies on a ticket (the customer, a teammate, or either)",
    topics=replied_by("ticket", contact=("ticket.contact.replied",), admin=("ticket.admin.replied",)),
    item="ticket", out_label="Ticket",
)
start, stop, receive = component.handlers
