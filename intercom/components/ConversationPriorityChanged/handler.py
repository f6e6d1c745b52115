"""Conversation Priority Changed: a conversation is marked as priority or not."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("conversation.priority.updated"))
