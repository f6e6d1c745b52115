"""Requests per full listing, against the fewest the API allows.

Each list and search component runs in process to the end (one message per record) over the
seeded sandbox; its requests are counted on the wire. The minimum is ceil(records / the largest
page the endpoint serves): 150 for cursor lists and searches, 60 for the companies' page
numbers, and the scroll's fixed 15 plus the one empty page that ends a scroll. Tickets have no
list endpoint: listing them is a search (every open ticket).
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from intercom.host import Emitted
from intercom.kit.outputs import MAX_LIMIT

from .common import Options, Table
from .peers import Counting, host, plain_client


def _rows(query: list[dict[str, Any]]) -> dict[str, Any]:
    return {"OR": [{"AND": query}]}


# component, input, how many records it should reach (a count request), page size, extra pages
LISTINGS: list[tuple[str, str, dict[str, Any], tuple[str, str, Any], int, int]] = [
    ("contacts (cursor)", "ListContacts", {}, ("GET", "/contacts", None), 150, 0),
    ("conversations (cursor)", "ListConversations", {}, ("GET", "/conversations", None), 150, 0),
    ("companies (page numbers)", "ListCompanies", {}, ("POST", "/companies/list", None), 60, 0),
    ("companies (scroll)", "ListAllCompanies", {}, ("GET", "/companies", None), 15, 1),
    ("tickets (search: every open ticket)", "SearchTickets",
     {"query": _rows([{"field": "open", "operator": "=", "value": "true"}])},
     ("POST", "/tickets/search", {"field": "open", "operator": "=", "value": True}), 150, 0),
    ("search contacts: role is user", "SearchContacts",
     {"query": _rows([{"field": "role", "operator": "=", "value": "user"}])},
     ("POST", "/contacts/search", {"field": "role", "operator": "=", "value": "user"}), 150, 0),
    ("search conversations: state is open", "SearchConversations",
     {"query": _rows([{"field": "state", "operator": "=", "value": "open"}])},
     ("POST", "/conversations/search", {"field": "state", "operator": "=", "value": "open"}), 150, 0),
    ("search tickets: title contains 'Bug'", "SearchTickets",
     {"query": _rows([{"field": "title", "operator": "~", "value": "Bug"}])},
     ("POST", "/tickets/search", {"field": "title", "operator": "~", "value": "Bug"}), 150, 0),
]


async def seed_tickets(client: httpx.AsyncClient, count: int) -> None:
    """``count`` tickets through the API (the sandbox seeds none), half of them titled 'Bug ...'."""
    contacts = (await client.get("/contacts", params={"per_page": 150})).json()["data"]
    gate = asyncio.Semaphore(16)

    async def one(n: int) -> None:
        title = f"{'Bug' if n % 2 else 'Question'} report {n}"
        async with gate:
            answer = await client.post("/tickets", json={
                "ticket_type_id": "1", "contacts": [{"id": contacts[n % len(contacts)]["id"]}],
                "ticket_attributes": {"_default_title_": title}})
            answer.raise_for_status()

    await asyncio.gather(*(one(n) for n in range(count)))


async def _expected(client: httpx.AsyncClient, method: str, path: str, query: Any, records: int) -> int:
    if path == "/companies":  # the scroll answers no total: every company
        return records
    if method == "GET":
        body = (await client.get(path, params={"per_page": 1})).json()
    elif query is None:
        body = (await client.post(path, params={"per_page": 1})).json()
    else:
        body = (await client.post(path, json={"query": query, "pagination": {"per_page": 1}})).json()
    return int(body["total_count"])


async def _measure(opts: Options, base_url: str) -> list[list[Any]]:
    client = plain_client(base_url)
    await seed_tickets(client, opts.records)
    transport = Counting()
    ours = host(base_url, transport)
    rows = []
    for label, name, content, (method, path, query), page, extra in LISTINGS:
        expected = await _expected(client, method, path, query, opts.records)
        emitted = 0

        async def count(_message: Emitted) -> None:
            nonlocal emitted
            emitted += 1

        before = transport.requests
        # The largest limit there is: the listing runs until Intercom says it is over.
        await ours.run(name, {**content, "outputType": "object", "limit": MAX_LIMIT}, forward=count)
        sent = transport.requests - before
        minimum = -(-expected // page) + extra
        rows.append([label, name, f"{emitted:,} of {expected:,}", str(sent), str(minimum),
                     "yes" if sent == minimum and emitted == expected else "NO"])
        print(f"  requests per listing: {label}: {sent} (minimum {minimum})", flush=True)
    await ours.aclose()
    await client.aclose()
    return rows


def run(opts: Options, base_url: str) -> Table:
    rows = asyncio.run(_measure(opts, base_url))
    table = Table(
        f"Requests per full listing over {opts.records:,} seeded records",
        (__doc__ or "").split("\n", 1)[1].strip(),
        ["listing", "component", "records emitted", "requests", "minimum", "at the minimum"],
        rows,
    )
    at_minimum = sum(row[-1] == "yes" for row in rows)
    table.targets.append(("Requests per full listing (8 listings)", "the minimum for each",
                          f"{at_minimum} of {len(rows)} at the minimum", at_minimum == len(rows)))
    return table
