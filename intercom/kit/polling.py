"""Finding new or changed records by searching, without losing any or sending any twice.

Used by polling triggers and by the catch-up of webhook triggers. Two facts about Intercom's
search shape it:

* dates are compared by calendar day in the workspace's timezone (documented for contacts;
  assumed for conversations and tickets too, which costs only extra records): ``> t`` means
  "from the midnight after t";
* a new record can take minutes to become searchable.

So each check asks for everything from more than a day before its window (``DAY_MARGIN``),
cuts the window itself on the records' full-second timestamps, and starts each window
``OVERLAP_SECONDS`` before the previous one ended. What that re-reads is filtered out by a
set of keys already emitted, each kept with its record's date until the window has moved
past it.

State (key ``poll``): ``floor`` (nothing older is ever emitted: the baseline or the date the
user asked to start from), ``since`` (the next window's start), ``seen`` (key → date) and
``next_at`` (when a catch-up is next due). A key is saved right after its message is sent and
``since`` only once the whole window is sent: a crash before a message is sent loses nothing,
and a message whose key was saved is never sent again. (Only a crash in the instant between
sending a message and saving its key would send that one message twice: the host's send is
not part of the state's transaction.)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ..client import PAGINATORS
from .actions import Listing
from .connection import client_for

STATE_KEY = "poll"
DAY_MARGIN = 25 * 3600  # a calendar day lasts up to 25 hours when the clocks change
OVERLAP_SECONDS = 10 * 60
MAX_SEEN = 20_000

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
    returns that is not the event (a contact never changed since it was created, say).
    """

    listing: Callable[[Properties, int], Listing]
    field: str = "created_at"
    topic: Callable[[Record], str | None] = lambda _: None
    keep: Callable[[Record], bool] = lambda _: True

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


class Seen:
    """Keys already emitted, each with its record's date, so old ones can be forgotten."""

    def __init__(self, entries: dict[str, int] | None = None, cap: int = MAX_SEEN) -> None:
        self.entries = dict(entries or {})
        self.cap = cap

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def add(self, key: str, when: int) -> None:
        self.entries[key] = when
        if len(self.entries) > self.cap:
            oldest = sorted(self.entries, key=self.entries.__getitem__)[: len(self.entries) - self.cap]
            for k in oldest:
                del self.entries[k]

    def forget_before(self, when: int) -> None:
        self.entries = {k: v for k, v in self.entries.items() if v >= when}


async def set_baseline(context: Any, start_from: int | None = None) -> None:
    """Emit nothing from before now, or from before ``start_from`` when the user asked for it."""
    floor = start_from if start_from is not None else context.now()
    await context.state_set(STATE_KEY, {"floor": floor, "since": floor, "seen": {}, "next_at": 0})


async def was_emitted(context: Any, feed: Feed, record: Record) -> bool:
    state = await context.state_get(STATE_KEY)
    return state is not None and feed.key_of(record) in state["seen"]


async def remember(context: Any, feed: Feed, record: Record, when: int) -> None:
    """Note a record another way brought (a webhook), so a search does not send it again."""
    state = await context.state_get(STATE_KEY)
    if state is None:
        return
    seen = Seen(state["seen"])
    seen.add(feed.key_of(record), feed.when(record) or when)
    await context.state_set(STATE_KEY, {**state, "seen": seen.entries})


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
    if upto < since or (every is not None and now < state.get("next_at", 0)):
        return  # nothing old enough to look at yet, or not due
    listing = feed.listing(context.properties, since)
    paginator = PAGINATORS[listing.style](listing.items_key)
    async with client_for(context) as intercom:
        # Read the whole window before sending anything: a failed page sends nothing.
        records = [
            r
            async for r in intercom.iter_items(
                listing.method, listing.path, paginator, params=listing.params, json=listing.json
            )
        ]
    window = [r for r in records if since <= (feed.when(r) or -1) <= upto and feed.keep(r)]
    window.sort(key=lambda r: (feed.when(r) or 0, str(r.get("id"))))
    seen = Seen(state["seen"])
    for record in window:
        key = feed.key_of(record)
        if key in seen:
            continue
        await send(record)
        seen.add(key, feed.when(record) or since)
        await context.state_set(STATE_KEY, {**state, "seen": seen.entries})
    since = max(floor, upto - OVERLAP_SECONDS)
    seen.forget_before(since)
    next_at = now + every if every is not None else 0
    await context.state_set(
        STATE_KEY, {"floor": floor, "since": since, "seen": seen.entries, "next_at": next_at}
    )
