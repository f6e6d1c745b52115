"""Contact Updated: a user's or lead's details changed (webhook, or found by searching)."""

from typing import Any

from intercom.kit.triggers import Feed, choose, event_trigger, searched

USER = ("contact.user.updated",)
LEAD = ("contact.lead.updated",)


def roles(properties: dict[str, Any]) -> list[dict[str, Any]]:
    """The search filter for the chosen contact type."""
    chosen = properties.get("contactType") or "both"
    return [] if chosen == "both" else [{"field": "role", "operator": "=", "value": chosen}]


start, stop, receive, tick = event_trigger(
    choose("contactType", {"user": USER, "lead": LEAD, "both": USER + LEAD}, default="both"),
    feed=Feed(
        searched("/contacts/search", "data", "updated_at", roles),
        field="updated_at",
        topic=lambda c: f"contact.{c.get('role')}.updated",
        # A contact created and never changed is New Contact's, not an update.
        keep=lambda c: c.get("updated_at") != c.get("created_at"),
    ),
)
