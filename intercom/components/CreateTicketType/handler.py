"""Create Ticket Type: POST /ticket_types."""

from intercom.kit import Action, item_port
from intercom.kit.ticket_types import ticket_type_fields

component = Action(
    label="Create Ticket Type",
    module="tickets",
    description=(
        "Adds a kind of ticket (Bug report, Refund request, ...) to the workspace. Every new type "
        "starts with a title and a description attribute; add more with Create Ticket Type Attribute."
    ),
    call=("POST", "/ticket_types"),
    inputs=ticket_type_fields(creating=True),
    out=item_port("Ticket type", "ticket_type"),
)
receive = component.receive
