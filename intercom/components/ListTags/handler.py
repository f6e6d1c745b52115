"""List Tags: GET /tags (the whole list in one answer)."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Tags",
    module="tags",
    description="Lists every tag of the workspace.",
    item="tag",
    item_label="Tags",
    listing=Listing("GET", "/tags", style="single"),
)
receive = component.receive
