"""Conversation Assigned: a conversation is assigned to a teammate or a team (also when it is opened and
assigned in one step).
"""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(
    label="Conversation Assigned",
    when="when a conversation is assigned to a teammate or a team "
         "(also when it is opened and assigned in one step)",
    topics=topics("conversation.admin.assigned", "conversation.admin.open.assigned"),
    item="conversation", out_label="Conversation",
)
start, stop, receive = component.handlers
