"""Update Contact: PUT /contacts/{id} with only the fields the user filled in."""

from intercom.kit import Action, contact_id, item_port
from intercom.kit.contacts import CONTACT_FIELDS, contact_fields

component = Action(
    label="Update Contact",
    module="contacts",
    description=(
        "Changes the fields you fill in on one contact and leaves the others as they are; custom "
        "attributes you do not name keep their values. The answer is the updated contact."
    ),
    call=("PUT", "/contacts/{contactId}"),
    inputs=[contact_id(required=True), *contact_fields(updating=True)],
    in_schema={"anyOf": [{"required": [key]} for key in CONTACT_FIELDS]},
    out=item_port("Contact", "contact"),
    not_found="Contact not found",
)
receive = component.receive
