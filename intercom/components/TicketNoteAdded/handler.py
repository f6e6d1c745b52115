"""Ticket Note Added: a teammate adds a note to a ticket."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("ticket.note.created"))
