"""Conversation Updated: any activity in a conversation (webhook, or found by searching)."""

from intercom.kit.trigger_specs import PollingTrigger, seen_when_checked
from intercom.kit.triggers import Feed, searched, topics

component = PollingTrigger(
    label="Conversation Updated",
    when="on any activity in a conversation: a new conversation, a reply, a note, an assignment, a state or "
         "priority change, a rating, a read or a change of participants",
    note=seen_when_checked("conversation"),
    topics=topics(
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
    ),
    feed=Feed(searched("/conversations/search", "conversations", "updated_at"), field="updated_at"),
    item="conversation", out_label="Conversation", things="changes",
)
start, stop, receive, tick = component.handlers
