"""Ticket State Changed: a ticket moved to another state."""

from typing import Any

from intercom.kit.inputs import choice
from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics


def reached(ticket: dict[str, Any], properties: dict[str, Any]) -> bool:
    wanted = properties.get("state") or "any"
    return wanted == "any" or ticket.get("ticket_state") == wanted


STATE = choice(
    "state", "New state", "Start the flow on every state change, or only when the ticket reaches this state.",
    [("any", "Any state"), ("submitted", "Submitted"), ("in_progress", "In progress"),
     ("waiting_on_customer", "Waiting on customer"), ("resolved", "Resolved")],
    default="any",
)

component = WebhookTrigger(
    label="Ticket State Changed",
    when="when a ticket moves to another state (submitted, in progress, waiting on customer, resolved), or "
         "only when it reaches the state chosen",
    topics=topics("ticket.state.updated"), options=[STATE], accept=reached,
    item="ticket", out_label="Ticket",
)
start, stop, receive = component.handlers
