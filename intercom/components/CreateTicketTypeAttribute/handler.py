"""Create Ticket Type Attribute: POST /ticket_types/{id}/attributes."""

from intercom.kit import Action, item_port
from intercom.kit.common import ticket_type
from intercom.kit.ticket_types import attribute_fields

component = Action(
    label="Create Ticket Type Attribute",
    module="tickets",
    description=(
        "Adds a field to a ticket type (text, list, number, decimal, yes/no, date or files), which its "
        "tickets then carry. The answer is the new attribute."
    ),
    call=("POST", "/ticket_types/{ticketTypeId}/attributes"),
    inputs=[ticket_type(required=True), *attribute_fields(creating=True)],
    in_schema={"allOf": [
        {"if": {"properties": {"dataType": {"const": "list"}}},
         "then": {"required": ["listItems"]}},
    ]},
    out=item_port("Attribute", "ticket_type_attribute"),
    not_found="Ticket type not found",
)
receive = component.receive
