"""List Segments: GET /segments (the whole list in one answer)."""

from intercom.kit import ListAction, Listing, toggle

component = ListAction(
    label="List Segments",
    module="segments",
    description="Lists the workspace's segments, optionally with how many contacts each holds.",
    item="segment",
    item_label="Segments",
    inputs=[toggle("includeCount", "With counts", "On: each segment carries its number of members (slower "
                   "on large workspaces).")],
    listing=lambda v: Listing("GET", "/segments", style="single", items_key="segments",
                              params={"include_count": "true"} if v.get("includeCount") else {}),
)
receive = component.receive
