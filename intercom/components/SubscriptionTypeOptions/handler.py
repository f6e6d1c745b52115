"""Subscription Type Options: subscription types, for the dropdowns of other components."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="Subscription Type Options",
    module="subscriptions",
    private=True,
    description="Lists the workspace's subscription types to fill the dropdowns of other components.",
    item="subscription_type",
    item_label="Subscription types",
    listing=Listing("GET", "/subscription_types", style="single"),
)
receive = component.receive
