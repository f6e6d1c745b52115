"""Make API Call: any Intercom request as the connected account, answered as {status, headers, body}."""

from typing import Any

from intercom.client import InputError
from intercom.kit import client_for

# Set by the client for every call; letting a flow override them could leak or mislabel the token.
RESERVED_HEADERS = {"authorization", "host", "intercom-version", "content-length"}


async def receive(context: Any) -> None:
    data = context.messages["in"].content
    headers = data.get("headers") or {}
    reserved = sorted(h for h in headers if h.lower() in RESERVED_HEADERS)
    if reserved:
        raise context.CancelError(f"headers: {', '.join(reserved)} cannot be set here; remove it")
    async with client_for(context) as intercom:
        try:
            path = intercom.url_for(data["path"])  # refuses other hosts before anything is sent
        except InputError as exc:
            raise context.CancelError(str(exc)) from None
        response = await intercom.send(
            data.get("method") or "GET", path,
            params=data.get("query"), json=data.get("body"), headers=headers or None,
        )
    try:
        body: Any = response.json() if response.content else None
    except ValueError:
        body = response.text
    await context.send_json({"status": response.status_code, "headers": dict(response.headers), "body": body})
