"""List Contact's Subscriptions: GET /contacts/{id}/subscriptions."""

from intercom.client import endpoint
from intercom.kit import ListAction, Listing, contact_id

component = ListAction(
    label="List Contact's Subscriptions",
    module="contacts",
    description=(
        "Lists the subscription types a contact explicitly opted in to or out of; types the contact "
        "never chose are not listed."
    ),
    item="subscription_type",
    item_label="Subscription types",
    inputs=[contact_id(required=True)],
    listing=lambda v: Listing(
        "GET", endpoint("/contacts/{id}/subscriptions", id=v["contactId"]), style="single"
    ),
)
receive = component.receive
