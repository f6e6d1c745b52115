"""Conversation Closed: a teammate closes a conversation."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Conversation Closed", when="when a teammate closes a conversation",
                           topics=topics("conversation.admin.closed"), item="conversation",
                           out_label="Conversation")
start, stop, receive = component.handlers
