"""Teammate Away Mode Changed: a teammate sets themself away or back."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("admin.away_mode_updated"))
