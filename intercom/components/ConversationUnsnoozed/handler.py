"""Conversation Unsnoozed: a snoozed conversation wakes up."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Conversation Unsnoozed", when="when a snoozed conversation wakes up",
                           topics=topics("conversation.admin.unsnoozed"), item="conversation",
                           out_label="Conversation")
start, stop, receive = component.handlers
