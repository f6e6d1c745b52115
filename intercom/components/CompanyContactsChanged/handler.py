"""Company Contacts Changed: a contact is added to or removed from a company."""

from intercom.kit.trigger_specs import WebhookTrigger, added_or_removed

component = WebhookTrigger(
    label="Company Contacts Changed", when="when a contact is added to or removed from a company",
    topics=added_or_removed("company", added=("company.contact.attached",),
                            removed=("company.contact.detached",)),
    item="notification_item", out_label="Company and contact",
)
start, stop, receive = component.handlers
