"""Contact Archived: a contact is archived."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Contact Archived", when="when a contact is archived",
                           topics=topics("contact.archived"), item="contact", out_label="Contact")
start, stop, receive = component.handlers
