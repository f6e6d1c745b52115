"""Update Ticket Type: PUT /ticket_types/{id}; archiving a type is an update too."""

from intercom.kit import Action, item_port
from intercom.kit.common import ticket_type
from intercom.kit.ticket_types import ticket_type_fields

component = Action(
    label="Update Ticket Type",
    module="tickets",
    description=(
        "Renames a ticket type, changes its description, category or icon, or archives it (archived "
        "types cannot be used for new tickets). Only what you fill in changes."
    ),
    call=("PUT", "/ticket_types/{ticketTypeId}"),
    inputs=[ticket_type(required=True), *ticket_type_fields(creating=False)],
    in_schema={"minProperties": 2},
    out=item_port("Ticket type", "ticket_type"),
    not_found="Ticket type not found",
)
receive = component.receive
