"""Contact Updated: a user's or lead's details changed (webhook, or found by searching)."""

from intercom.kit.trigger_specs import PollingTrigger, by_contact_type, seen_when_checked
from intercom.kit.triggers import Feed, contact_role_filter, searched

component = PollingTrigger(
    label="Contact Updated", when="when a user's or lead's details change", note=seen_when_checked("contact"),
    topics=by_contact_type("Each change starts the flow once.",
                           user=("contact.user.updated",), lead=("contact.lead.updated",)),
    feed=Feed(
        searched("/contacts/search", "data", "updated_at", contact_role_filter),
        field="updated_at",
        topic=lambda c: f"contact.{c.get('role')}.updated",
        # A contact created and never changed is New Contact's, not an update.
        keep=lambda c: c.get("updated_at") != c.get("created_at"),
    ),
    item="contact", out_label="Contact", things="changes",
)
start, stop, receive, tick = component.handlers
