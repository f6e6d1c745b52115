"""Update Ticket Type Attribute: PUT /ticket_types/{id}/attributes/{attribute id}; archiving too."""

from intercom.kit import Action, item_port
from intercom.kit.common import ticket_type, ticket_type_attribute
from intercom.kit.ticket_types import attribute_fields

component = Action(
    label="Update Ticket Type Attribute",
    module="tickets",
    description=(
        "Changes a ticket type's attribute (name, description, who must fill it, list items) or archives "
        "it so new tickets no longer show it. Only what you fill in changes."
    ),
    call=("PUT", "/ticket_types/{ticketTypeId}/attributes/{attributeId}"),
    inputs=[ticket_type(required=True), ticket_type_attribute(required=True),
            *attribute_fields(creating=False)],
    in_schema={"minProperties": 3},
    out=item_port("Attribute", "ticket_type_attribute"),
    not_found="Ticket type or attribute not found",
)
receive = component.receive
