"""Segment Options: segments, for the dropdowns of other components."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="Segment Options",
    module="segments",
    private=True,
    description="Lists the workspace's segments to fill the dropdowns of other components.",
    item="segment",
    item_label="Segments",
    listing=Listing("GET", "/segments", style="single", items_key="segments"),
)
receive = component.receive
