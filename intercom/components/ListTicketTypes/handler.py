"""List Ticket Types: GET /ticket_types (one answer holds them all)."""

from intercom.kit import ListAction, Listing
from intercom.kit.ticket_types import TICKET_TYPES

component = ListAction(
    label="List Ticket Types",
    module="tickets",
    description="Lists the workspace's ticket types, archived ones included, each with its attributes.",
    item="ticket_type",
    item_label="Ticket types",
    listing=Listing("GET", "/ticket_types", style="single", items_key=TICKET_TYPES),
)
receive = component.receive
