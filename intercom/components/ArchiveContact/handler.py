"""Archive Contact: POST /contacts/{id}/archive (no body)."""

from intercom.client import endpoint
from intercom.kit import Action, Call, contact_id, item_port

component = Action(
    label="Archive Contact",
    module="contacts",
    description=(
        "Archives a contact: it disappears from lists and searches but can be restored with "
        "Unarchive Contact. The answer names the contact and says it is archived."
    ),
    inputs=[contact_id(required=True)],
    build=lambda v: Call("POST", endpoint("/contacts/{id}/archive", id=v["contactId"])),
    out=item_port("Archived contact", "deleted_object"),
    not_found="Contact not found",
)
receive = component.receive
