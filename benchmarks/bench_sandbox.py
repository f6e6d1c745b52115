"""The sandbox's own cost per page, at several store sizes (its app called in process, no sockets).

Pages 2 to 9 of each list, 50 records a page (the scroll's fixed 15), median time per page.
Lists in creation order read only the page's records from an index; a search must test every
record (and count the matches), and the companies list sorts by last activity, so those two
grow with the store.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from intercom_sandbox import SandboxConfig
from intercom_sandbox.app import create_app

from .common import HEADERS, Options, Table, median, ms, times

PAGES = range(2, 10)
ROUTES: list[tuple[str, str, str, Any]] = [
    ("GET /contacts (cursor)", "GET", "/contacts", None),
    ("GET /conversations (cursor)", "GET", "/conversations", None),
    ("GET /companies (page numbers)", "GET", "/companies", None),
    ("GET /companies/scroll", "GET", "/companies/scroll", None),
    ("POST /contacts/search (role is user)", "POST", "/contacts/search",
     {"field": "role", "operator": "=", "value": "user"}),
    ("POST /companies/list (sorted by last activity)", "POST", "/companies/list", None),
]


async def _pages(client: httpx.AsyncClient, method: str, path: str, query: Any) -> list[float]:
    seconds: list[float] = []
    cursor: str | None = None
    for page in range(1, max(PAGES) + 1):
        params: dict[str, Any] = {"per_page": 50}
        body: dict[str, Any] | None = None
        if query is not None:
            pagination = {"per_page": 50, **({"starting_after": cursor} if cursor else {})}
            body, params = {"query": query, "pagination": pagination}, {}
        elif path == "/companies/scroll":
            params = {"scroll_param": cursor} if cursor else {}
        elif path in ("/companies", "/companies/list"):
            params["page"] = page
        elif cursor:
            params["starting_after"] = cursor
        started = time.perf_counter()
        answer = await client.request(method, path, params=params, json=body)
        took = time.perf_counter() - started
        answer.raise_for_status()
        data = answer.json()
        if page in PAGES:
            seconds.append(took)
        nxt = (data.get("pages") or {}).get("next")
        cursor = data.get("scroll_param") or (nxt.get("starting_after") if isinstance(nxt, dict) else None)
    return seconds


async def _measure(size: int) -> dict[str, float]:
    app = create_app(SandboxConfig(seed=size))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox", headers=HEADERS) as client:
        return {label: median(await _pages(client, method, path, query))
                for label, method, path, query in ROUTES}


def run(opts: Options) -> Table:
    sizes = [opts.records // 10 * 10 or 100, opts.records * 10] if opts.quick else [1_000, 10_000, 100_000]
    sizes = sorted(set(max(size, 500) for size in sizes))
    found = {}
    for size in sizes:
        found[size] = asyncio.run(_measure(size))
        print(f"  sandbox pages: {size:,} records done", flush=True)
    small, large = sizes[0], sizes[-1]
    table = Table(
        "The sandbox: time per page against the store's size",
        (__doc__ or "").split("\n", 1)[1].strip(),
        ["list", *(f"{size:,} records" for size in sizes), f"{large:,} / {small:,}"],
    )
    for label, *_ in ROUTES:
        table.rows.append([label, *(ms(found[size][label]) for size in sizes),
                           times(found[large][label] / found[small][label])])
    ratio = found[large]["GET /contacts (cursor)"] / found[small]["GET /contacts (cursor)"]
    table.targets.append((f"Sandbox page, {large:,} against {small:,} records (GET /contacts)",
                          "the same time: proportional to the page", times(ratio), ratio <= 1.5))
    return table
