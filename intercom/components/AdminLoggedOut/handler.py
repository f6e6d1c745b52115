"""Teammate Logged Out: a teammate logs out of Intercom."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("admin.logged_out"))
