"""Ticket Assigned: a ticket is assigned to a teammate or a team."""

from intercom.kit.triggers import choose, webhook_trigger

ADMIN = ("ticket.admin.assigned",)
TEAM = ("ticket.team.assigned",)

start, stop, receive = webhook_trigger(
    choose("assignedTo", {"admin": ADMIN, "team": TEAM, "both": ADMIN + TEAM}, default="both")
)
