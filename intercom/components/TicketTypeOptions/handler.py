"""Ticket Type Options: the workspace's ticket types, for ticket type dropdowns."""

from intercom.kit import ListAction, Listing
from intercom.kit.ticket_types import TICKET_TYPES

component = ListAction(
    label="Ticket Type Options",
    module="tickets",
    private=True,
    description="Lists the workspace's ticket types to fill the ticket type dropdowns of other components.",
    item="ticket_type",
    item_label="Ticket types",
    listing=Listing("GET", "/ticket_types", style="single", items_key=TICKET_TYPES),
)
receive = component.receive
