"""Ticket Attribute Updated: a ticket attribute (title, description or a custom one) changes."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Ticket Attribute Updated",
                           when="when a ticket attribute (title, description or a custom one) changes",
                           topics=topics("ticket.attribute.updated"), item="ticket", out_label="Ticket")
start, stop, receive = component.handlers
