"""Teammate Logged In: a teammate logs in to Intercom."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Teammate Logged In", when="when a teammate logs in to Intercom",
                           topics=topics("admin.logged_in"), item="admin", out_label="Teammate")
start, stop, receive = component.handlers
