"""Conversation Rated: a customer rates a conversation."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Conversation Rated", when="when a customer rates a conversation",
                           topics=topics("conversation.rating.added"), item="conversation",
                           out_label="Conversation")
start, stop, receive = component.handlers
