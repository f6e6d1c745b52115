"""Conversation Updated: any activity in a conversation (webhook, or found by searching)."""

from intercom.kit.triggers import Feed, event_trigger, searched, topics

ACTIVITY = (
    "conversation.user.created",
    "conversation.admin.single.created",
    "conversation.user.replied",
    "conversation.admin.replied",
    "conversation.admin.assigned",
    "conversation.admin.open.assigned",
    "conversation.admin.noted",
    "conversation.admin.closed",
    "conversation.admin.opened",
    "conversation.admin.snoozed",
    "conversation.admin.unsnoozed",
    "conversation.priority.updated",
    "conversation.rating.added",
    "conversation.read",
    "conversation.contact.attached",
    "conversation.contact.detached",
)

start, stop, receive, tick = event_trigger(
    topics(*ACTIVITY),
    feed=Feed(searched("/conversations/search", "conversations", "updated_at"), field="updated_at"),
)
