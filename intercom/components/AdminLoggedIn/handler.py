"""Teammate Logged In: a teammate logs in to Intercom."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("admin.logged_in"))
