"""Team Options: the workspace's teams, for team dropdowns."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="Team Options",
    module="teams",
    private=True,
    description="Lists the workspace's teams to fill the team dropdowns of other components.",
    item="team",
    item_label="Teams",
    listing=Listing("GET", "/teams", style="single", items_key="teams"),
)
receive = component.receive
