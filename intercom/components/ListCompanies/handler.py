"""List Companies: POST /companies/list (page numbers), or GET /companies by tag or segment."""

from intercom.kit import ListAction, Listing, choice, tag
from intercom.kit.common import segment


def listing(v: dict) -> Listing:
    for key, param in (("tagId", "tag_id"), ("segmentId", "segment_id")):
        if key in v:
            return Listing("GET", "/companies", style="page", params={param: v[key]})
    return Listing("POST", "/companies/list", style="page", params={"order": v.get("order", "desc")})


component = ListAction(
    label="List Companies",
    module="companies",
    description=(
        "Lists companies page after page up to the limit: all of them by last activity, or those "
        "with a tag or in a segment. Intercom reaches at most 10,000 companies this way and lists "
        "only companies with at least one contact; for more, use List All Companies."
    ),
    item="company",
    item_label="Companies",
    inputs=[
        choice("order", "Order", "By when the company was last active: most recent first, or oldest first. "
               "Not used with a tag or segment.", [("desc", "Most recent first"), ("asc", "Oldest first")],
               default="desc"),
        tag(tooltip="Only companies with this tag; pick one or map a tag ID such as 7522907."),
        segment(tooltip="Only companies in this segment; pick one or map a segment ID."),
    ],
    in_schema={"not": {"required": ["tagId", "segmentId"]}},
    listing=listing,
    # Intercom pages companies by at most 60.
    per_page=60,
)
receive = component.receive
