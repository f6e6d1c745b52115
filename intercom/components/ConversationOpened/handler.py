"""Conversation Reopened: a teammate reopens a closed or snoozed conversation."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("conversation.admin.opened"))
