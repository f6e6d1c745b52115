"""Teammate Activity Logged: an action of a teammate is written to the activity log (settings changes,
exports, logins, ...).
"""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(
    label="Teammate Activity Logged",
    when="when an action of a teammate is written to the activity log "
         "(settings changes, exports, logins, ...)",
    topics=topics("admin.activity_log_event.created"), item="activity_log", out_label="Activity log entry",
)
start, stop, receive = component.handlers
