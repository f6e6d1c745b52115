"""Contact Unarchived: a contact is taken out of the archive."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Contact Unarchived", when="when a contact is taken out of the archive",
                           topics=topics("contact.unarchive"), item="contact", out_label="Contact")
start, stop, receive = component.handlers
