"""List Help Centers: GET /help_center/help_centers (2.10 answers with all of them at once)."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Help Centers",
    module="helpcenter",
    description=(
        "Lists the workspace's help centers, with their names, addresses and "
        "whether they are public."
    ),
    item="help_center",
    item_label="Help centers",
    listing=Listing("GET", "/help_center/help_centers", style="single"),
)
receive = component.receive
