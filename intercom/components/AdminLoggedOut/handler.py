"""Teammate Logged Out: a teammate logs out of Intercom."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Teammate Logged Out", when="when a teammate logs out of Intercom",
                           topics=topics("admin.logged_out"), item="admin", out_label="Teammate")
start, stop, receive = component.handlers
