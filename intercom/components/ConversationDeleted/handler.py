"""Conversation Deleted: a conversation is deleted (the message holds its ID, not its content)."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("conversation.deleted"))
