"""Delete Contact: DELETE /contacts/{id}, for good."""

from intercom.kit import Action, contact_id, item_port

component = Action(
    label="Delete Contact",
    module="contacts",
    description=(
        "Deletes a contact permanently, with its notes and tags; its conversations stay. To keep "
        "the contact but hide it, use Archive Contact instead."
    ),
    call=("DELETE", "/contacts/{contactId}"),
    inputs=[contact_id(required=True)],
    out=item_port("Deleted contact", "deleted_object"),
    not_found="Contact not found",
)
receive = component.receive
