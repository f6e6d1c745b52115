"""Lead Became User: a lead signs up and becomes a user."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Lead Became User", when="when a lead signs up and becomes a user",
                           topics=topics("contact.lead.signed_up"), item="contact", out_label="User")
start, stop, receive = component.handlers
