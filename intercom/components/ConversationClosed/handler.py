"""Conversation Closed: a teammate closes a conversation."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("conversation.admin.closed"))
