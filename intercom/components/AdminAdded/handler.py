"""Teammate Added: a teammate joins the workspace."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("admin.added_to_workspace"))
