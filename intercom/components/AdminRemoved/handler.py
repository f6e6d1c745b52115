"""Teammate Removed: a teammate is removed from the workspace."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("admin.removed_from_workspace"))
