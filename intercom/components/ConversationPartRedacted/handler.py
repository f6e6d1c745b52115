"""Conversation Message Redacted: a message in a conversation is redacted."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("conversation_part.redacted"))
