"""List Contact's Companies: GET /contacts/{id}/companies."""

from intercom.client import endpoint
from intercom.kit import ListAction, Listing, contact_id

component = ListAction(
    label="List Contact's Companies",
    module="contacts",
    description="Lists the companies a contact belongs to, page after page up to the limit.",
    item="company",
    item_label="Companies",
    inputs=[contact_id(required=True)],
    listing=lambda v: Listing(
        "GET", endpoint("/contacts/{id}/companies", id=v["contactId"]), style="page", items_key="companies"
    ),
)
receive = component.receive
