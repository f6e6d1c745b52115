"""New Company: a company was created (webhook, or found in the company list)."""

from typing import Any

from intercom.kit import Listing
from intercom.kit.triggers import Feed, event_trigger, topics


def every_company(_properties: dict[str, Any], _since: int) -> Listing:
    # Companies have no search: the list is read whole and the creation date checked here.
    return Listing("POST", "/companies/list", style="page")


start, stop, receive, tick = event_trigger(
    topics("company.created"),
    feed=Feed(every_company, topic=lambda _: "company.created"),
)
