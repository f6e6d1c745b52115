"""Teammate Away Mode Changed: a teammate sets themself away or back."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Teammate Away Mode Changed",
                           when="when a teammate sets themself away or back",
                           topics=topics("admin.away_mode_updated"), item="admin", out_label="Teammate")
start, stop, receive = component.handlers
