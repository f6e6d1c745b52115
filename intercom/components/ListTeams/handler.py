"""List Teams: GET /teams (one answer holds them all)."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Teams",
    module="teams",
    description="Lists the workspace's teams with the teammates in each.",
    item="team",
    item_label="Teams",
    listing=Listing("GET", "/teams", style="single", items_key="teams"),
)
receive = component.receive
