"""Tag Options: tags, for the dropdowns of other components."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="Tag Options",
    module="tags",
    private=True,
    description="Lists the workspace's tags to fill the dropdowns of other components.",
    item="tag",
    item_label="Tags",
    listing=Listing("GET", "/tags", style="single"),
)
receive = component.receive
