"""Collection Options: the help center collections, for collection dropdowns."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="Collection Options",
    module="helpcenter",
    private=True,
    description="Lists the help center collections to fill the collection dropdowns of other components.",
    item="collection",
    item_label="Collections",
    listing=Listing("GET", "/help_center/collections", style="page"),
)
receive = component.receive
