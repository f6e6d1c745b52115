"""List Teammates: GET /admins (one answer holds them all)."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Teammates",
    module="teammates",
    description="Lists the workspace's teammates (admins) with their teams and away status.",
    item="admin",
    item_label="Teammates",
    listing=Listing("GET", "/admins", style="single", items_key="admins"),
)
receive = component.receive
