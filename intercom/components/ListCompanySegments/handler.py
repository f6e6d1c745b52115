"""List Company's Segments: GET /companies/{id}/segments (one answer)."""

from intercom.client import endpoint
from intercom.kit import ListAction, Listing
from intercom.kit.common import company_id

component = ListAction(
    label="List Company's Segments",
    module="companies",
    description="Lists the segments a company is in right now.",
    item="segment",
    item_label="Segments",
    inputs=[company_id(required=True)],
    listing=lambda v: Listing("GET", endpoint("/companies/{id}/segments", id=v["companyId"]), style="single"),
)
receive = component.receive
