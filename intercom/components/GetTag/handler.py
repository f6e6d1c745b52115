"""Get Tag: GET /tags/{id}; a missing tag goes to the notFound port."""

from intercom.kit import Action, item_port, tag

component = Action(
    label="Get Tag",
    module="tags",
    description="Fetches one tag by its ID. A tag that does not exist leaves through the Not found port.",
    call=("GET", "/tags/{tagId}"),
    inputs=[tag(required=True)],
    out=item_port("Tag", "tag"),
    not_found=True,
)
receive = component.receive
