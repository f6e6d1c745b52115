"""Rename Tag: POST /tags with the tag's id and its new name."""

from intercom.kit import Action, item_port, tag, text

component = Action(
    label="Rename Tag",
    module="tags",
    description="Gives an existing tag a new name; everything tagged with it keeps the tag.",
    call=("POST", "/tags"),
    inputs=[
        tag(required=True, api="body.id"),
        text("name", "New name", "The tag's new name, e.g. Key account.", min_length=1, max_length=255,
             pattern="\\S", form="a name that is not blank", required=True),
    ],
    out=item_port("Tag", "tag"),
    not_found="Tag not found",
)
receive = component.receive
