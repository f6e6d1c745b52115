"""Unarchive Contact: POST /contacts/{id}/unarchive (no body)."""

from intercom.client import endpoint
from intercom.kit import Action, Call, contact_id, item_port

component = Action(
    label="Unarchive Contact",
    module="contacts",
    description=(
        "Restores an archived contact, so it shows in lists and searches again. The answer "
        "names the contact and says it is no longer archived."
    ),
    inputs=[contact_id(required=True)],
    build=lambda v: Call("POST", endpoint("/contacts/{id}/unarchive", id=v["contactId"])),
    out=item_port("Unarchived contact", "deleted_object"),
    not_found="Contact not found",
)
receive = component.receive
