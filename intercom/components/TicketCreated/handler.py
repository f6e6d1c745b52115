"""New Ticket: a ticket was created (webhook, or found by searching)."""

from intercom.kit.triggers import Feed, event_trigger, searched, topics

start, stop, receive, tick = event_trigger(
    topics("ticket.created"),
    feed=Feed(searched("/tickets/search", "tickets", "created_at"), topic=lambda _: "ticket.created"),
)
