"""Ticket Note Added: a teammate adds a note to a ticket."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Ticket Note Added", when="when a teammate adds a note to a ticket",
                           topics=topics("ticket.note.created"), item="ticket", out_label="Ticket")
start, stop, receive = component.handlers
