"""New Company: a company was created (webhook, or found in the company list)."""

from typing import Any

from intercom.kit import Listing
from intercom.kit.trigger_specs import PollingTrigger
from intercom.kit.triggers import Feed, topics

# Pages of the scroll read per check: the check's cost, whatever the number of companies.
SCROLL_PAGES_PER_CHECK = 50


def every_company(_properties: dict[str, Any], _since: int) -> Listing:
    # Companies have no search, and the page-number list stops at 10,000: scroll through them
    # all, a bounded number of pages per check, and check the creation date here.
    return Listing("GET", "/companies/scroll", style="scroll", items_key="data")


component = PollingTrigger(
    label="New Company", when="when a company is created",
    note="Intercom cannot search companies, so checking scrolls through all of them, "
         f"{SCROLL_PAGES_PER_CHECK} pages per check and on from there the next time: a new company is "
         "found within one pass over the workspace's companies. Each company is sent exactly once.",
    topics=topics("company.created"),
    feed=Feed(every_company, topic=lambda _: "company.created", max_pages=SCROLL_PAGES_PER_CHECK),
    item="company", out_label="Company", things="companies",
)
start, stop, receive, tick = component.handlers
