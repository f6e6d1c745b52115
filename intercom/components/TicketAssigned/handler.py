"""Ticket Assigned: a ticket is assigned to a teammate or a team."""

from intercom.kit.trigger_specs import WebhookTrigger, both_or_one

component = WebhookTrigger(
    label="Ticket Assigned", when="when a ticket is assigned to a teammate or a team",
    topics=both_or_one(
        "assignedTo", "Assigned to", "Send assignments to a teammate, to a team, or both.",
        "Teammate or team",
        {"admin": ("Teammate", ("ticket.admin.assigned",)), "team": ("Team", ("ticket.team.assigned",))},
    ),
    item="ticket", out_label="Ticket",
)
start, stop, receive = component.handlers
