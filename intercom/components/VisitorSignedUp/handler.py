"""Visitor Signed Up: an anonymous website visitor signs up."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Visitor Signed Up", when="when an anonymous website visitor signs up",
                           topics=topics("visitor.signed_up"), item="visitor", out_label="Visitor")
start, stop, receive = component.handlers
