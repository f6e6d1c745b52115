"""Create Tag: POST /tags with a name (an existing tag of that name is returned as it is)."""

from intercom.kit import Action, item_port, text

component = Action(
    label="Create Tag",
    module="tags",
    description="Creates a tag with the name you give; if the workspace already has a tag of that name, "
                "that tag is the answer.",
    call=("POST", "/tags"),
    inputs=[text("name", "Name", "The tag's name, e.g. VIP.", min_length=1, max_length=255, pattern="\\S",
                 form="a name that is not blank", required=True)],
    out=item_port("Tag", "tag"),
)
receive = component.receive
