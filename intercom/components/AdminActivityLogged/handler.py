"""Teammate Activity Logged: an action of a teammate is written to the activity log (settings changes,
exports, logins, ...).
"""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("admin.activity_log_event.created"))
