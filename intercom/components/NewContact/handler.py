"""New Contact: a user or lead was created (webhook, or found by searching)."""

from intercom.kit.trigger_specs import PollingTrigger, by_contact_type
from intercom.kit.triggers import Feed, contact_role_filter, searched

component = PollingTrigger(
    label="New Contact", when="when a user or a lead is created", note="Each contact is sent exactly once.",
    topics=by_contact_type("Each new contact starts the flow once.",
                           user=("contact.user.created",), lead=("contact.lead.created",)),
    feed=Feed(
        searched("/contacts/search", "data", "created_at", contact_role_filter),
        topic=lambda c: f"contact.{c.get('role')}.created",
    ),
    item="contact", out_label="Contact", things="contacts",
)
start, stop, receive, tick = component.handlers
