"""Contact Updated: a user's or lead's details changed (webhook, or found by searching)."""

from intercom.kit.triggers import Feed, choose, contact_role_filter, event_trigger, searched

USER = ("contact.user.updated",)
LEAD = ("contact.lead.updated",)


start, stop, receive, tick = event_trigger(
    choose("contactType", {"user": USER, "lead": LEAD, "both": USER + LEAD}, default="both"),
    feed=Feed(
        searched("/contacts/search", "data", "updated_at", contact_role_filter),
        field="updated_at",
        topic=lambda c: f"contact.{c.get('role')}.updated",
        # A contact created and never changed is New Contact's, not an update.
        keep=lambda c: c.get("updated_at") != c.get("created_at"),
    ),
)
