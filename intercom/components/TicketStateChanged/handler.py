"""Ticket State Changed: a ticket moved to another state."""

from typing import Any

from intercom.kit.triggers import topics, webhook_trigger


def reached(ticket: dict[str, Any], properties: dict[str, Any]) -> bool:
    wanted = properties.get("state") or "any"
    return wanted == "any" or ticket.get("ticket_state") == wanted


start, stop, receive = webhook_trigger(topics("ticket.state.updated"), accept=reached)
