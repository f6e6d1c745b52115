"""List Collections: GET /help_center/collections, page-numbered."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Collections",
    module="helpcenter",
    description=(
        "Lists the help center collections (the groups articles sit in), of every help center of the "
        "workspace, page after page up to the limit you set."
    ),
    item="collection",
    item_label="Collections",
    listing=Listing("GET", "/help_center/collections", style="page"),
)
receive = component.receive
