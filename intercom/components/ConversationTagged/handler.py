"""Conversation Tagged: a teammate tags a message in a conversation."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(
    label="Conversation Tagged", when="when a teammate tags a message in a conversation",
    topics=topics("conversation_part.tag.created"), item="conversation_part", out_label="Tagged message",
)
start, stop, receive = component.handlers
