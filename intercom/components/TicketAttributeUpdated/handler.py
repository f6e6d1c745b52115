"""Ticket Attribute Updated: a ticket attribute (title, description or a custom one) changes."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("ticket.attribute.updated"))
