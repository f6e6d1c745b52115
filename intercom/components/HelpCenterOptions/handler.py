"""Help Center Options: the workspace's help centers, for help center dropdowns."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="Help Center Options",
    module="helpcenter",
    private=True,
    description="Lists the workspace's help centers to fill the help center dropdowns of other components.",
    item="help_center",
    item_label="Help centers",
    listing=Listing("GET", "/help_center/help_centers", style="single"),
)
receive = component.receive
