"""Conversation Snoozed: a teammate snoozes a conversation."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Conversation Snoozed", when="when a teammate snoozes a conversation",
                           topics=topics("conversation.admin.snoozed"), item="conversation",
                           out_label="Conversation")
start, stop, receive = component.handlers
