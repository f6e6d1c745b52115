"""Get Ticket Type: GET /ticket_types/{id}, with its attributes."""

from intercom.kit import Action, item_port
from intercom.kit.common import ticket_type

component = Action(
    label="Get Ticket Type",
    module="tickets",
    description="Fetches one ticket type with the attributes its tickets carry.",
    call=("GET", "/ticket_types/{ticketTypeId}"),
    inputs=[ticket_type(required=True)],
    out=item_port("Ticket type", "ticket_type"),
    not_found="Ticket type not found",
)
receive = component.receive
