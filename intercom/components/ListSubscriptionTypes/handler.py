"""List Subscription Types: GET /subscription_types (the whole list in one answer)."""

from intercom.kit import ListAction, Listing

component = ListAction(
    label="List Subscription Types",
    module="subscriptions",
    description="Lists the kinds of messages people can opt in to or out of, with the consent each needs.",
    item="subscription_type",
    item_label="Subscription types",
    listing=Listing("GET", "/subscription_types", style="single"),
)
receive = component.receive
