"""Contact Tagged: a tag is put on a contact."""

from intercom.kit.trigger_specs import WebhookTrigger, by_contact_type

component = WebhookTrigger(
    label="Contact Tagged", when="when a tag is put on a contact",
    topics=by_contact_type("Each tagging starts the flow once.",
                           user=("contact.user.tag.created",), lead=("contact.lead.tag.created",)),
    item="contact_tag", out_label="Tagging",
)
start, stop, receive = component.handlers
