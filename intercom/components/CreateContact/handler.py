"""Create Contact: POST /contacts with only the fields the user filled in."""

from intercom.kit import Action, item_port
from intercom.kit.contacts import contact_fields

component = Action(
    label="Create Contact",
    module="contacts",
    description=(
        "Creates a user or a lead. Give at least an email, an external ID or a role. If a contact with "
        "the same email or external ID already exists, Intercom refuses and the step fails with the "
        "existing contact's ID in the message (Create or Update Contact updates it instead)."
    ),
    call=("POST", "/contacts"),
    inputs=contact_fields(),
    in_schema={"anyOf": [{"required": ["email"]}, {"required": ["externalId"]}, {"required": ["role"]}]},
    out=item_port("Contact", "contact"),
)
receive = component.receive
