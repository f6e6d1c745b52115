"""List Contact's Events: GET /events?type=user&..., following each page's next URL."""

from intercom.kit import ListAction, Listing
from intercom.kit.events import IN_QUERY, ONE_CONTACT, event_contact, named


def listing(v: dict) -> Listing:
    params = {"type": "user", **named(v, IN_QUERY)}
    return Listing("GET", "/events", style="url", items_key="events", params=params)


component = ListAction(
    label="List Contact's Events",
    module="data",
    description=(
        "Lists the events a contact did in the last 90 days, newest first, page after page up to the "
        "limit (older events only count in the event summaries)."
    ),
    item="event",
    item_label="Events",
    inputs=event_contact("Whose events"),
    in_schema=ONE_CONTACT,
    listing=listing,
)
receive = component.receive
