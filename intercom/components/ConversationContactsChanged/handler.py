"""Conversation Participants Changed: a customer is added to or removed from a conversation."""

from intercom.kit.trigger_specs import WebhookTrigger, added_or_removed

component = WebhookTrigger(
    label="Conversation Participants Changed",
    when="when a customer is added to or removed from a conversation",
    topics=added_or_removed("conversation", added=("conversation.contact.attached",),
                            removed=("conversation.contact.detached",)),
    item="conversation", out_label="Conversation",
)
start, stop, receive = component.handlers
