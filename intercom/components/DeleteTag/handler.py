"""Delete Tag: DELETE /tags/{id} (Intercom answers with an empty body)."""

from intercom.kit import Action, item_port, tag

component = Action(
    label="Delete Tag",
    module="tags",
    description=(
        "Deletes a tag and takes it off everything tagged with it. Intercom refuses while a segment "
        "uses the tag."
    ),
    call=("DELETE", "/tags/{tagId}"),
    inputs=[tag(required=True)],
    result=lambda body, v: {"type": "tag", "id": v["tagId"], "deleted": True},
    out=item_port("Deleted tag", "deleted_object"),
    not_found="Tag not found",
)
receive = component.receive
