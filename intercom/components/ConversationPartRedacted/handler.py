"""Conversation Message Redacted: a message in a conversation is redacted."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(
    label="Conversation Message Redacted", when="when a message in a conversation is redacted",
    topics=topics("conversation_part.redacted"), item="conversation_part", out_label="Redacted message",
)
start, stop, receive = component.handlers
