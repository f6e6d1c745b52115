"""Conversation Unsnoozed: a snoozed conversation wakes up."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("conversation.admin.unsnoozed"))
