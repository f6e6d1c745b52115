"""List Contact's Tags: GET /contacts/{id}/tags."""

from intercom.client import endpoint
from intercom.kit import ListAction, Listing, contact_id

component = ListAction(
    label="List Contact's Tags",
    module="contacts",
    description="Lists the tags on a contact.",
    item="tag",
    item_label="Tags",
    inputs=[contact_id(required=True)],
    listing=lambda v: Listing("GET", endpoint("/contacts/{id}/tags", id=v["contactId"]), style="single"),
)
receive = component.receive
