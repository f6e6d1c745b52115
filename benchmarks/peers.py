"""Ours and the floor: the host with its pooled client, and what a competent plain httpx user writes.

The plain loop is the floor a connector is measured against: one ``httpx.AsyncClient`` reused
(keep-alive), the largest page Intercom allows, the cursor followed; nothing else.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx

from intercom.client import ClientPool
from intercom.host import Bundle, Host

from .common import HEADERS, TOKEN


class Counting(httpx.AsyncBaseTransport):
    """httpx's own transport, counting requests and statuses on the way."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.requests = 0
        self.statuses: Counter[int] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.requests += 1
        self.statuses[response.status_code] += 1
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def host(base_url: str, transport: Counting | None = None) -> Host:
    """The in-process host, as a flow engine keeps it: one pooled client per connection."""
    pool = ClientPool(transport=transport) if transport is not None else ClientPool()
    return Host(Bundle.load(), connection={"accessToken": TOKEN, "baseUrl": base_url}, clients=pool)


def plain_client(base_url: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, headers=HEADERS, timeout=60, trust_env=False)


async def plain_listing(client: httpx.AsyncClient, path: str = "/contacts") -> tuple[int, int]:
    """Every record of a cursor list, 150 a page: (records, requests)."""
    records = requests = 0
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"per_page": 150}
        if cursor:
            params["starting_after"] = cursor
        response = await client.get(path, params=params)
        response.raise_for_status()
        body = response.json()
        requests += 1
        records += len(body["data"])
        cursor = ((body.get("pages") or {}).get("next") or {}).get("starting_after")
        if not cursor:
            return records, requests
