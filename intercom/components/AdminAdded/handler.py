"""Teammate Added: a teammate joins the workspace."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Teammate Added", when="when a teammate joins the workspace",
                           topics=topics("admin.added_to_workspace"), item="admin", out_label="Teammate")
start, stop, receive = component.handlers
