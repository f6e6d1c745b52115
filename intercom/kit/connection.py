"""The Intercom client for the account a component runs as."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from ..client import IntercomClient


@asynccontextmanager
async def client_for(context: Any) -> AsyncIterator[IntercomClient]:
    """The client for ``context.auth``: token, the workspace's region, an optional base URL.

    A connection remembers its region, so EU and AU workspaces reach their own host without the
    user doing anything; ``baseUrl`` (connection or service configuration) points elsewhere,
    e.g. at the local sandbox. A host that keeps a pool (``context.clients``) lends its client
    for the connection, reused across calls; otherwise one is made and closed for this call.
    """
    auth = context.auth or {}
    config = getattr(context, "config", None) or {}
    token = auth.get("accessToken")
    if not token:
        raise context.CancelError("No Intercom account is connected: connect one, then run again.")
    where = {"region": auth.get("region"), "base_url": auth.get("baseUrl") or config.get("baseUrl")}
    pool = getattr(context, "clients", None)
    if pool is not None:
        yield await pool.get(token, **where)
        return
    async with IntercomClient(token, **where) as intercom:
        yield intercom
