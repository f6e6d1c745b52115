"""Ticket Type Attribute Options: one ticket type's attributes, for attribute dropdowns."""

from intercom.client import endpoint
from intercom.kit import ListAction, Listing
from intercom.kit.common import ticket_type
from intercom.kit.ticket_types import TYPE_ATTRIBUTES

component = ListAction(
    label="Ticket Type Attribute Options",
    module="tickets",
    private=True,
    description="Lists the attributes of one ticket type to fill the attribute dropdowns of other "
                "components.",
    item="ticket_type_attribute",
    item_label="Attributes",
    inputs=[ticket_type(required=True)],
    listing=lambda v: Listing("GET", endpoint("/ticket_types/{id}", id=v["ticketTypeId"]), style="single",
                              items_key=TYPE_ATTRIBUTES),
)
receive = component.receive
