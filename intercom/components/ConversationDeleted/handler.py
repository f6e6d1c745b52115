"""Conversation Deleted: a conversation is deleted (the message holds its ID, not its content)."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(
    label="Conversation Deleted",
    when="when a conversation is deleted (the message holds its ID, not its content)",
    topics=topics("conversation.deleted"), item="conversation", out_label="Deleted conversation",
)
start, stop, receive = component.handlers
