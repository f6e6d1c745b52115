"""Conversation Priority Changed: a conversation is marked as priority or not."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(
    label="Conversation Priority Changed", when="when a conversation is marked as priority or not",
    topics=topics("conversation.priority.updated"), item="conversation", out_label="Conversation",
)
start, stop, receive = component.handlers
