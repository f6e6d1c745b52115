"""Contact Email Changed: a contact's email address changes."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Contact Email Changed", when="when a contact's email address changes",
                           topics=topics("contact.email.updated"), item="contact", out_label="Contact")
start, stop, receive = component.handlers
