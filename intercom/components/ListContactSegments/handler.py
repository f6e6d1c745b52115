"""List Contact's Segments: GET /contacts/{id}/segments."""

from intercom.client import endpoint
from intercom.kit import ListAction, Listing, contact_id

component = ListAction(
    label="List Contact's Segments",
    module="contacts",
    description="Lists the segments a contact is in right now.",
    item="segment",
    item_label="Segments",
    inputs=[contact_id(required=True)],
    listing=lambda v: Listing("GET", endpoint("/contacts/{id}/segments", id=v["contactId"]), style="single"),
)
receive = component.receive
