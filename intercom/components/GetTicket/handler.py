"""Get Ticket: GET /tickets/{id}; a missing ticket goes to the notFound port."""

from intercom.kit import Action, item_port
from intercom.kit.common import ticket_id

component = Action(
    label="Get Ticket",
    module="tickets",
    description=(
        "Fetches one ticket by its API ID with its state, attributes, assignee and parts. A ticket that "
        "does not exist leaves through the Not found port."
    ),
    call=("GET", "/tickets/{ticketId}"),
    inputs=[ticket_id(required=True)],
    out=item_port("Ticket", "ticket"),
    not_found="Ticket not found",
)
receive = component.receive
