"""List Contact's Notes: GET /contacts/{id}/notes, newest first, page by page."""

from intercom.client import endpoint
from intercom.kit import ListAction, Listing, contact_id

component = ListAction(
    label="List Contact's Notes",
    module="notes",
    description="Lists the notes teammates left on a contact, newest first, page after page up to the limit.",
    item="note",
    item_label="Notes",
    inputs=[contact_id(required=True)],
    listing=lambda v: Listing("GET", endpoint("/contacts/{id}/notes", id=v["contactId"]), style="page"),
)
receive = component.receive
