"""Contact Untagged: a tag is taken off a contact."""

from intercom.kit.trigger_specs import WebhookTrigger, by_contact_type

component = WebhookTrigger(
    label="Contact Untagged", when="when a tag is taken off a contact",
    topics=by_contact_type("Each tagging starts the flow once.",
                           user=("contact.user.tag.deleted",), lead=("contact.lead.tag.deleted",)),
    item="contact_tag", out_label="Tagging",
)
start, stop, receive = component.handlers
