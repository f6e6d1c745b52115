"""Finding new or changed records by searching, without losing any or sending any twice.

Used by polling triggers and by the catch-up of webhook triggers. Two facts about Intercom's
search shape it:

* dates are compared by calendar day in the workspace's timezone (documented for contacts;
  assumed for conversations and tickets too, which costs only extra records): ``> t`` means
  "from the midnight after t";
* a new record can take minutes to become searchable.

So each check asks for everything from more than a day before its window (``DAY_MARGIN``),
cuts the window itself on the records' full-second timestamps, and starts each window
``OVERLAP_SECONDS`` before the previous one ended. What that re-reads is dropped by the host's
duplicate filter: each message carries its record's key (``send_json(..., key=...)``) and the
host emits a key at most once per trigger, whether a poll, a catch-up or a webhook brought it.

State (key ``poll``): ``floor`` (nothing older is ever emitted: the baseline or the date the
user asked to start from), ``since`` (the next window's start) and ``next_at`` (when a
catch-up is next due). The trigger runtime commits a tick's messages and its state in one
transaction, so a crash anywhere neither loses a record nor sends one twice.

A window is read whole (spooled to a temporary file, so the day of margin before it never
sits in memory) before anything is sent: a failed page sends nothing and moves nothing.

Companies have no search: their feed scrolls (``GET /companies/scroll``) through every
company, ``Feed.max_pages`` pages per tick, keeping the scroll's cursor in the state across
ticks (``scroll``), so a tick's cost does not grow with the workspace and no company is out
of reach (the page-number list stops at 10,000). A pass that ends moves ``floor`` up to when
it began; a scroll that expired or broke starts over, and the filter drops what comes again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ..client import PAGINATORS, APIError, IntercomError
from .calls import Listing
from .connection import client_for
from .outputs import Spool

STATE_KEY = "poll"
DAY_MARGIN = 25 * 3600  # a calendar day lasts up to 25 hours when the clocks change
OVERLAP_SECONDS = 10 * 60
# Scroll pages read per tick when the feed names no cap of its own.
SCROLL_PAGES_PER_TICK = 20

logger = logging.getLogger("intercom.triggers")

Record = dict[str, Any]
Properties = dict[str, Any]


def no_filters(_: Properties) -> list[dict[str, Any]]:
    return []


def searched(
    path: str,
    items_key: str,
    field: str,
    filters: Callable[[Properties], list[dict[str, Any]]] = no_filters,
) -> Callable[[Properties, int], Listing]:
    """A search for records whose ``field`` may be at or after a time, plus the user's filters."""

    def build(properties: Properties, since: int) -> Listing:
        window = {"field": field, "operator": ">", "value": since - DAY_MARGIN}
        extra = filters(properties)
        query = {"operator": "AND", "value": [window, *extra]} if extra else window
        return Listing("POST", path, style="search", items_key=items_key, json={"query": query})

    return build


@dataclass(frozen=True)
class Feed:
    """Where a trigger finds its records when it searches, and how it tells them apart.

    ``listing(properties, since)`` builds the request for records at or after ``since``;
    ``field`` is the date compared; ``topic(record)`` names the webhook topic the record's
    event would have had (None when none applies); ``keep(record)`` drops what the search
    returns that is not the event (a contact never changed since it was created, say). A
    listing of style ``scroll`` is read ``max_pages`` pages a tick (see the module docstring).
    """

    listing: Callable[[Properties, int], Listing]
    field: str = "created_at"
    topic: Callable[[Record], str | None] = lambda _: None
    keep: Callable[[Record], bool] = lambda _: True
    # A scroll listing's pages per tick (its cost per tick, whatever the workspace's size).
    max_pages: int | None = None

    @property
    def finds_creations(self) -> bool:
        """A record is created once, so its id names the event (and catch-up can match webhooks)."""
        return self.field == "created_at"

    def key_of(self, record: Record) -> str:
        # A change is one (record, time) pair; a creation is the record itself.
        rid = str(record.get("id"))
        return rid if self.finds_creations else f"{rid}@{record.get(self.field)}"

    def when(self, record: Record) -> int | None:
        value = record.get(self.field)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


async def set_baseline(context: Any, start_from: int | None = None) -> None:
    """Emit nothing from before now, or from before ``start_from`` when the user asked for it."""
    floor = start_from if start_from is not None else context.now()
    await context.state_set(STATE_KEY, {"floor": floor, "since": floor, "next_at": 0})


async def poll(
    context: Any,
    feed: Feed,
    send: Callable[[Record], Awaitable[None]],
    *,
    upto: int,
    every: int | None = None,
) -> None:
    """Send each record of the window [since, upto] not sent before, oldest first.

    ``every`` spaces the checks out (catch-up); without a baseline this only takes one.
    """
    state = await context.state_get(STATE_KEY)
    if state is None:
        await set_baseline(context)
        return
    now = context.now()
    floor = int(state["floor"])
    since = max(floor, int(state["since"]))
    scrolling = state.get("scroll") is not None  # a pass under way is never put off
    if upto < since or (every is not None and not scrolling and now < state.get("next_at", 0)):
        return  # nothing old enough to look at yet, or not due
    listing = feed.listing(context.properties, since)
    if listing.style == "scroll":
        state = await _scroll(context, feed, send, listing, state, upto)
        if state.get("scroll") is None and every is not None:
            state["next_at"] = now + every
        await context.state_set(STATE_KEY, state)
        return
    with Spool() as spool:
        async with client_for(context) as intercom:
            paginator = PAGINATORS[listing.style](listing.items_key)
            async for record in intercom.iter_items(
                listing.method, listing.path, paginator, params=listing.params, json=listing.json
            ):
                spool.add(record)
        window = sorted(
            (r for r in spool if since <= (feed.when(r) or -1) <= upto and feed.keep(r)),
            key=lambda r: (feed.when(r) or 0, str(r.get("id"))),
        )
    for record in window:
        await send(record)
    next_at = now + every if every is not None else 0
    await context.state_set(
        STATE_KEY, {"floor": floor, "since": max(floor, upto - OVERLAP_SECONDS), "next_at": next_at}
    )


async def _scroll(
    context: Any,
    feed: Feed,
    send: Callable[[Record], Awaitable[None]],
    listing: Listing,
    state: dict[str, Any],
    upto: int,
) -> dict[str, Any]:
    """Up to ``max_pages`` pages of the scroll; returns the new state."""
    floor = int(state["floor"])
    scroll = state.get("scroll") or {"param": None, "started_at": context.now()}
    params = dict(listing.params)
    if scroll["param"]:
        params["scroll_param"] = scroll["param"]
    cap = feed.max_pages or SCROLL_PAGES_PER_TICK
    pages, finished, broken = 0, False, False
    with Spool() as spool:
        try:
            async with client_for(context) as intercom:
                paginator = PAGINATORS["scroll"](listing.items_key)
                async for page in intercom.iter_pages(listing.method, listing.path, paginator, params=params):
                    pages += 1
                    for record in page.items:
                        if floor <= (feed.when(record) or -1) <= upto and feed.keep(record):
                            spool.add(record)
                    cursor = page.body.get("scroll_param")
                    scroll["param"] = cursor if isinstance(cursor, str) and cursor else scroll["param"]
                    if not page.items:
                        finished = True
                        break
                    if pages >= cap:
                        break
                else:
                    finished = True
        except APIError as exc:
            if exc.status == 400 and "scroll_exists" in exc.codes:
                # Intercom allows one scroll per app: another one is open (another trigger,
                # or a client). This pass waits for the next tick.
                logger.info("company scroll busy (another scroll is open); trying again next tick")
                return {**state, "scroll": state.get("scroll")}
            if pages == 0 and exc.status != 404:
                raise
            broken = True  # expired (404) or failed midway: Intercom's scroll cannot resume
            logger.warning("company scroll stopped after %d pages (%s); starting over next tick", pages, exc)
        except IntercomError as exc:
            if pages == 0:
                raise
            broken = True
            logger.warning("company scroll stopped after %d pages (%s); starting over next tick", pages, exc)
        found = sorted(spool, key=lambda r: (feed.when(r) or 0, str(r.get("id"))))
    for record in found:  # what was read is sent, even from a broken pass: the scroll moved on
        await send(record)
    new = {k: v for k, v in state.items() if k != "scroll"}
    if finished:
        # Every company that existed when the pass began has been seen.
        new["floor"] = max(floor, int(scroll["started_at"]) - OVERLAP_SECONDS)
        new["since"] = new["floor"]
    new["scroll"] = None if finished or broken else scroll
    return new
