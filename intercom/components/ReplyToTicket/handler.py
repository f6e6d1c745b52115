"""Reply to Ticket: POST /tickets/{id}/reply, a reply or note as a teammate, or the contact's reply."""

from intercom.client import endpoint
from intercom.kit import Action, Call, item_port
from intercom.kit.common import ticket_id
from intercom.kit.replies import REPLY_RULES, reply_body, reply_inputs

component = Action(
    label="Reply to Ticket",
    module="tickets",
    description=(
        "Adds to a ticket a reply the customer sees or an internal note, from a teammate, or a reply "
        "from the ticket's contact, with up to 10 images attached by URL. The answer is the new ticket part."
    ),
    inputs=[ticket_id(tooltip="The ticket to reply to: its API ID, e.g. the id output of Create Ticket.",
                      required=True), *reply_inputs("Reply")],
    in_schema=REPLY_RULES,
    build=lambda v: Call("POST", endpoint("/tickets/{id}/reply", id=v["ticketId"]), json=reply_body(v)),
    out=item_port("Ticket part", "ticket_part"),
    not_found="Ticket not found",
)
receive = component.receive
