"""New Contact: a user or lead was created (webhook, or found by searching)."""

from intercom.kit.triggers import Feed, choose, contact_role_filter, event_trigger, searched

USER = ("contact.user.created",)
LEAD = ("contact.lead.created",)


start, stop, receive, tick = event_trigger(
    choose("contactType", {"user": USER, "lead": LEAD, "both": USER + LEAD}, default="both"),
    feed=Feed(
        searched("/contacts/search", "data", "created_at", contact_role_filter),
        topic=lambda c: f"contact.{c.get('role')}.created",
    ),
)
