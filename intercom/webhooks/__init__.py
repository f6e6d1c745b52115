"""Intercom webhooks: signature check, the notification envelope, the topic table and the intake.

Intercom has no API to subscribe: an app has one endpoint and a set of topics ticked in the
Developer Hub, and it posts there for every workspace that installed it. The intake verifies
and records each delivery; the trigger runtime (``intercom.host.triggers``) routes it by
workspace (``app_id``) and topic to the triggers listening.

Names are imported from their submodule on first use: a trigger that reads only the topic
table loads neither the pydantic models, the store nor starlette.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_SUBMODULE = {
    "OUTCOMES": "inbox",
    "TopicStats": "inbox",
    "WebhookInbox": "inbox",
    "MAX_BODY_BYTES": "intake",
    "WEBHOOK_PATH": "intake",
    "WebhookIntake": "intake",
    "webhook_routes": "intake",
    "MalformedNotificationError": "notification",
    "Notification": "notification",
    "parse_notification": "notification",
    "SIGNATURE_HEADER": "signature",
    "InvalidSignatureError": "signature",
    "sign": "signature",
    "verify_signature": "signature",
    "TOPICS": "topics",
    "Topic": "topics",
    "describe": "topics",
}

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


def __getattr__(name: str) -> Any:
    submodule = _SUBMODULE.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{submodule}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .inbox import OUTCOMES, TopicStats, WebhookInbox
    from .intake import MAX_BODY_BYTES, WEBHOOK_PATH, WebhookIntake, webhook_routes
    from .notification import MalformedNotificationError, Notification, parse_notification
    from .signature import SIGNATURE_HEADER, InvalidSignatureError, sign, verify_signature
    from .topics import TOPICS, Topic, describe
