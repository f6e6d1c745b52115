"""Conversation Tagged: a teammate tags a message in a conversation."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("conversation_part.tag.created"))
