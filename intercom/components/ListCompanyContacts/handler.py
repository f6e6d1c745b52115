"""List Company's Contacts: GET /companies/{id}/contacts, page by page."""

from intercom.client import endpoint
from intercom.kit import ListAction, Listing
from intercom.kit.common import company_id

component = ListAction(
    label="List Company's Contacts",
    module="companies",
    description="Lists the contacts that belong to a company, page after page up to the limit.",
    item="contact",
    item_label="Contacts",
    inputs=[company_id(required=True)],
    listing=lambda v: Listing("GET", endpoint("/companies/{id}/contacts", id=v["companyId"]), style="page"),
)
receive = component.receive
