"""New Contact: a user or lead was created (webhook, or found by searching)."""

from typing import Any

from intercom.kit.triggers import Feed, choose, event_trigger, searched

USER = ("contact.user.created",)
LEAD = ("contact.lead.created",)


def roles(properties: dict[str, Any]) -> list[dict[str, Any]]:
    """The search filter for the chosen contact type."""
    chosen = properties.get("contactType") or "both"
    return [] if chosen == "both" else [{"field": "role", "operator": "=", "value": chosen}]


start, stop, receive, tick = event_trigger(
    choose("contactType", {"user": USER, "lead": LEAD, "both": USER + LEAD}, default="both"),
    feed=Feed(
        searched("/contacts/search", "data", "created_at", roles),
        topic=lambda c: f"contact.{c.get('role')}.created",
    ),
)
