"""Teammate Removed: a teammate is removed from the workspace."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Teammate Removed", when="when a teammate is removed from the workspace",
                           topics=topics("admin.removed_from_workspace"), item="admin", out_label="Teammate")
start, stop, receive = component.handlers
