"""Teammate Options: the workspace's teammates, for teammate dropdowns."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="Teammate Options",
    module="teammates",
    private=True,
    description="Lists the workspace's teammates to fill the teammate dropdowns of other components.",
    item="admin",
    item_label="Teammates",
    listing=Listing("GET", "/admins", style="single", items_key="admins"),
)
receive = component.receive
