"""New Data Event: an event was recorded for a contact."""

from typing import Any

from intercom.kit.inputs import text
from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics


def named(event: dict[str, Any], properties: dict[str, Any]) -> bool:
    wanted = (properties.get("eventName") or "").strip()
    return not wanted or event.get("event_name") == wanted


component = WebhookTrigger(
    label="New Data Event",
    when="when a data event is recorded for a contact (something they did in your product), optionally "
         "only events of one name",
    topics=topics("event.created"),
    options=[text("eventName", "Event name",
                  "Only events with exactly this name, e.g. invited-friend. Leave empty for all events.",
                  max_length=255)],
    accept=named,
    item="data_event", out_label="Event",
)
start, stop, receive = component.handlers
