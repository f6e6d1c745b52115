"""Tag Contact: POST /contacts/{id}/tags."""

from intercom.kit import Action, contact_id, item_port, tag

component = Action(
    label="Tag Contact",
    module="tags",
    description="Puts a tag on a contact. The answer is the tag, with when and by whom it was applied.",
    call=("POST", "/contacts/{contactId}/tags"),
    inputs=[contact_id(required=True), tag(required=True, api="body.id")],
    out=item_port("Tag", "tag"),
    not_found="Contact or tag not found",
)
receive = component.receive
