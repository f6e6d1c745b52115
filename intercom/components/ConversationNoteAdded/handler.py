"""Conversation Note Added: a teammate adds an internal note to a conversation."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("conversation.admin.noted"))
