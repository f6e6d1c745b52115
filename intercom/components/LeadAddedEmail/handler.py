"""Lead Gave Email: a lead gives their email address."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Lead Gave Email", when="when a lead gives their email address",
                           topics=topics("contact.lead.added_email"), item="contact", out_label="Lead")
start, stop, receive = component.handlers
