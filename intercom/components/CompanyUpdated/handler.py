"""Company Updated: a company's details change."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Company Updated", when="when a company's details change",
                           topics=topics("company.updated"), item="company", out_label="Company")
start, stop, receive = component.handlers
