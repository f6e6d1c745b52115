"""Ticket Contacts Changed: a contact is added to or removed from a ticket."""

from intercom.kit.trigger_specs import WebhookTrigger, added_or_removed

component = WebhookTrigger(
    label="Ticket Contacts Changed", when="when a contact is added to or removed from a ticket",
    topics=added_or_removed("ticket", added=("ticket.contact.attached",),
                            removed=("ticket.contact.detached",)),
    item="ticket", out_label="Ticket",
)
start, stop, receive = component.handlers
