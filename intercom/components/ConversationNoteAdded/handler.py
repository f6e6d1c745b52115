"""Conversation Note Added: a teammate adds an internal note to a conversation."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(
    label="Conversation Note Added", when="when a teammate adds an internal note to a conversation",
    topics=topics("conversation.admin.noted"), item="conversation", out_label="Conversation",
)
start, stop, receive = component.handlers
