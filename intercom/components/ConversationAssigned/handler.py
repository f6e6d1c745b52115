"""Conversation Assigned: a conversation is assigned to a teammate or a team (also when it is opened and
assigned in one step).
"""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(
    topics("conversation.admin.assigned", "conversation.admin.open.assigned")
)
