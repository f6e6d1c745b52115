"""Conversation Read: a conversation is marked as read."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Conversation Read", when="when a conversation is marked as read",
                           topics=topics("conversation.read"), item="conversation", out_label="Conversation")
start, stop, receive = component.handlers
