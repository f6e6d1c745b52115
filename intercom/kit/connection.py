"""The Intercom client for the account a component runs as."""

from __future__ import annotations

from typing import Any

from ..client import IntercomClient


def client_for(context: Any) -> IntercomClient:
    """Build the client from ``context.auth``: token, the workspace's region, an optional base URL.

    A connection remembers its region, so EU and AU workspaces reach their own host without the
    user doing anything; ``baseUrl`` (connection or service configuration) points elsewhere,
    e.g. at the local sandbox.
    """
    auth = context.auth or {}
    config = getattr(context, "config", None) or {}
    token = auth.get("accessToken")
    if not token:
        raise context.CancelError("No Intercom account is connected: connect one, then run again.")
    return IntercomClient(
        token,
        region=auth.get("region"),
        base_url=auth.get("baseUrl") or config.get("baseUrl"),
    )
