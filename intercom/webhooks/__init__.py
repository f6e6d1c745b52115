"""Intercom webhooks: signature check, the notification envelope, the topic table and the intake.

Intercom has no API to subscribe: an app has one endpoint and a set of topics ticked in the
Developer Hub, and it posts there for every workspace that installed it. The intake verifies
and records each delivery; the trigger runtime (``intercom.host.triggers``) routes it by
workspace (``app_id``) and topic to the triggers listening.
"""

from .inbox import OUTCOMES, TopicStats, WebhookInbox
from .intake import MAX_BODY_BYTES, WEBHOOK_PATH, WebhookIntake, webhook_routes
from .notification import MalformedNotificationError, Notification, parse_notification
from .signature import SIGNATURE_HEADER, InvalidSignatureError, sign, verify_signature
from .topics import TOPICS, Topic, describe

__all__ = [
    "MAX_BODY_BYTES",
    "OUTCOMES",
    "SIGNATURE_HEADER",
    "TOPICS",
    "WEBHOOK_PATH",
    "InvalidSignatureError",
    "MalformedNotificationError",
    "Notification",
    "Topic",
    "TopicStats",
    "WebhookInbox",
    "WebhookIntake",
    "describe",
    "parse_notification",
    "sign",
    "verify_signature",
    "webhook_routes",
]
