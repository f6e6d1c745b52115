"""Track Event: POST /events (Intercom answers 202 with no body)."""

import time
from typing import Any

from intercom.client import InputError, IntercomClient
from intercom.kit import Action, date_time, item_port, key_value, text
from intercom.kit.common import as_text
from intercom.kit.events import IN_BODY, ONE_CONTACT, event_contact, named

MAX_METADATA = 10


def event(v: dict) -> dict:
    metadata = v.get("metadata") or {}
    if len(metadata) > MAX_METADATA:
        raise InputError("metadata", f"Intercom keeps at most {MAX_METADATA} entries (got {len(metadata)})")
    body = {"event_name": v["eventName"], "created_at": v.get("occurredAt") or int(time.time()),
            **named(v, IN_BODY)}
    if metadata:
        body["metadata"] = {key: as_text(value) for key, value in metadata.items() if value is not None}
    return body


def recorded(body: dict) -> dict:
    """What was recorded, in the shape of an event (Intercom itself answers nothing)."""
    who = {"intercom_user_id": body.get("id"), "user_id": body.get("user_id"), "email": body.get("email")}
    return {"type": "event", "event_name": body["event_name"], "created_at": body["created_at"],
            **{k: v for k, v in who.items() if v is not None}, "metadata": body.get("metadata") or {}}


async def track(context: Any, intercom: IntercomClient, values: dict) -> dict:
    body = event(values)  # checked (and the time fixed) before anything is sent
    await intercom.post("/events", body)
    return recorded(body)


component = Action(
    label="Track Event",
    module="data",
    description=(
        "Records that a contact did something in your product (an event such as invited-teammate), "
        "with up to 10 metadata values. Intercom keeps one event per contact, name and time, so a "
        "repeat is not counted twice."
    ),
    inputs=[
        text("eventName", "Event name", "What happened, in past tense and lower case, e.g. ordered-item.",
             min_length=1, max_length=255, pattern="\\S", form="a name that is not blank", required=True),
        date_time("occurredAt", "Happened at", "When it happened; now when left empty."),
        *event_contact("Who did it"),
        key_value("metadata", "Metadata", "Up to 10 details of the event, e.g. order_number = 3434. "
                  "Values are sent as text.", values={"type": ["string", "number", "boolean"]},
                  key_label="Key"),
    ],
    in_schema=ONE_CONTACT,
    run=track,
    out=item_port("Event", "data_event"),
)
receive = component.receive
