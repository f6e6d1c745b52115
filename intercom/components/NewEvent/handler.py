"""New Data Event: an event was recorded for a contact."""

from typing import Any

from intercom.kit.triggers import topics, webhook_trigger


def named(event: dict[str, Any], properties: dict[str, Any]) -> bool:
    wanted = (properties.get("eventName") or "").strip()
    return not wanted or event.get("event_name") == wanted


start, stop, receive = webhook_trigger(topics("event.created"), accept=named)
