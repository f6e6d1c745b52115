"""Conversation Read: a conversation is marked as read."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("conversation.read"))
