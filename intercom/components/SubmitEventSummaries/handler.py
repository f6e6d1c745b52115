"""Submit Event Summary: POST /events/summaries (counts kept elsewhere, for one user)."""

from datetime import UTC, datetime

from intercom.client import InputError
from intercom.kit import Action, Call, date_time, item_port, number, text


def summary(v: dict) -> dict:
    for key in ("firstAt", "lastAt"):
        if v.get(key, 0) < 0:
            raise InputError(key, "give a time after 1970-01-01")
    totals = {"event_name": v["eventName"], "count": v["count"]}
    totals.update({api: v[ours] for ours, api in (("firstAt", "first"), ("lastAt", "last")) if ours in v})
    return {"user_id": v["externalId"], "event_summaries": totals}


def iso(seconds: int | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def submitted(v: dict) -> dict:
    """What was sent, as an event summary (Intercom itself answers nothing)."""
    event = {"name": v["eventName"], "count": v["count"], "first": iso(v.get("firstAt")),
             "last": iso(v.get("lastAt"))}
    return {"type": "event.summary", "user_id": v["externalId"], "events": [event]}


component = Action(
    label="Submit Event Summary",
    module="data",
    description=(
        "Tells Intercom how often a user did something and when first and last, from totals you keep "
        "yourself (for example after importing history), instead of sending each event."
    ),
    inputs=[
        text("externalId", "External ID", "The user's own ID in your product (its external_id), e.g. crm-42.",
             min_length=1, max_length=255, required=True),
        text("eventName", "Event name", "The event, e.g. ordered-item.", min_length=1, max_length=255,
             pattern="\\S", form="a name that is not blank", required=True),
        number("count", "Count", "How many times it happened.", minimum=1, maximum=2**31 - 1, required=True),
        date_time("firstAt", "First at", "When it happened the first time."),
        date_time("lastAt", "Last at", "When it happened the last time."),
    ],
    build=lambda v: Call("POST", "/events/summaries", json=summary(v)),
    result=lambda body, v: submitted(v),
    out=item_port("Event summary", "data_event_summary"),
)
receive = component.receive
