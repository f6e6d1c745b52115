"""Untag Contact: DELETE /contacts/{contact_id}/tags/{id}."""

from intercom.kit import Action, contact_id, item_port, tag

component = Action(
    label="Untag Contact",
    module="tags",
    description="Takes a tag off a contact. The answer is the tag.",
    call=("DELETE", "/contacts/{contactId}/tags/{tagId}"),
    inputs=[contact_id(required=True), tag(required=True)],
    out=item_port("Tag", "tag"),
    not_found="Contact or tag not found",
)
receive = component.receive
