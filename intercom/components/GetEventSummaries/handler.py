"""Get Contact's Event Summaries: GET /events?type=user&summary=true&..."""

from intercom.kit import Action, Call, item_port
from intercom.kit.events import IN_QUERY, ONE_CONTACT, event_contact, named


def build(v: dict) -> Call:
    return Call("GET", "/events", params={"type": "user", "summary": "true", **named(v, IN_QUERY)})


component = Action(
    label="Get Contact's Event Summaries",
    module="data",
    description=(
        "For one contact, each event name with how often it happened and when first and last, over "
        "all time (also events older than 90 days)."
    ),
    inputs=event_contact("Whose event summaries"),
    in_schema=ONE_CONTACT,
    build=build,
    out=item_port("Event summaries", "data_event_summary"),
    not_found="Contact not found",
)
receive = component.receive
