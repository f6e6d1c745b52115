"""Contact Deleted: a contact is deleted (the message holds its ID, not its details)."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Contact Deleted",
                           when="when a contact is deleted (the message holds its ID, not its details)",
                           topics=topics("contact.deleted"), item="contact", out_label="Deleted contact")
start, stop, receive = component.handlers
