"""One client per connection, kept for the life of the host process.

Building an httpx client costs tens of milliseconds (its TLS context), more than a typical
Intercom call; a pooled client also keeps its connections alive and remembers the rate-limit
window between calls.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from ._client import IntercomClient, base_url_for


class ClientPool:
    def __init__(self, **client_options: Any) -> None:
        self._options = client_options
        self._clients: dict[tuple[str, str], IntercomClient] = {}
        self._lock = asyncio.Lock()

    async def get(
        self, token: str, *, region: str | None = None, base_url: str | None = None
    ) -> IntercomClient:
        # The key holds a digest, so the token itself is kept only inside its client.
        key = (
            hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest(),
            base_url_for(region, base_url),
        )
        client = self._clients.get(key)
        if client is None:
            async with self._lock:
                client = self._clients.get(key)
                if client is None:
                    client = IntercomClient(token, region=region, base_url=base_url, **self._options)
                    self._clients[key] = client
        return client

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    def __len__(self) -> int:
        return len(self._clients)
