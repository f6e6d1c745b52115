"""New Ticket: a ticket was created (webhook, or found by searching)."""

from intercom.kit.trigger_specs import PollingTrigger
from intercom.kit.triggers import Feed, searched, topics

component = PollingTrigger(
    label="New Ticket", when="when a ticket is created", note="Each ticket is sent exactly once.",
    topics=topics("ticket.created"),
    feed=Feed(searched("/tickets/search", "tickets", "created_at"), topic=lambda _: "ticket.created"),
    item="ticket", out_label="Ticket", things="tickets",
)
start, stop, receive, tick = component.handlers
