"""Conversation Reopened: a teammate reopens a closed or snoozed conversation."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(
    label="Conversation Reopened", when="when a teammate reopens a closed or snoozed conversation",
    topics=topics("conversation.admin.opened"), item="conversation", out_label="Conversation",
)
start, stop, receive = component.handlers
