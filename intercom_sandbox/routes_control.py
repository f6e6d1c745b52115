"""Test controls under `/_sandbox/`: not part of Intercom's API, and never rate limited."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from .endpoint import Call, endpoint
from .errors import invalid


@endpoint
def health(call: Call) -> dict[str, Any]:
    return {"status": "ok", "app_id": call.store.app["id_code"], "now": call.store.now()}


@endpoint
def ping(call: Call) -> dict[str, Any]:
    """Send Intercom's `ping` notification on demand (the Developer Hub's test button)."""
    store = call.store
    message = call.json().get("message") or "Hi there! This is a test notification from the Intercom sandbox."
    envelope = store.webhooks.emit("ping", {"type": "ping", "message": message})
    return {"queued": envelope is not None, "id": envelope["id"] if envelope else None}


@endpoint
def webhook_settings(call: Call) -> dict[str, Any]:
    store = call.store
    if call.request.method == "PUT":
        url = call.json().get("url")
        if url is not None and not isinstance(url, str):
            raise invalid("url must be a string or null", "url")
        store.webhooks.set_url(url or None)
    return {"url": store.webhooks.url}


@endpoint
def webhook_log(call: Call) -> dict[str, Any]:
    entries = [{k: v for k, v in entry.items() if k != "body"} for entry in call.store.webhook_log]
    return {"type": "list", "data": entries, "total_count": len(entries)}


@endpoint
def clock(call: Call) -> dict[str, Any]:
    """GET reads the sandbox time; POST `{freeze_at?, advance?, unfreeze?}` moves it."""
    store = call.store
    if call.request.method == "POST":
        body = call.json()
        if body.get("unfreeze"):
            store.clock.unfreeze()
        if "freeze_at" in body:
            store.clock.freeze(body["freeze_at"])
        if "advance" in body:
            if not isinstance(body["advance"], int | float) or isinstance(body["advance"], bool):
                raise invalid("advance must be a number of seconds", "advance")
            store.clock.advance(body["advance"])
    return {"now": store.now(), "frozen": store.clock.frozen}


routes = [
    Route("/_sandbox/health", health, methods=["GET"]),
    Route("/_sandbox/ping", ping, methods=["POST"]),
    Route("/_sandbox/webhook", webhook_settings, methods=["GET", "PUT"]),
    Route("/_sandbox/webhooks", webhook_log, methods=["GET"]),
    Route("/_sandbox/clock", clock, methods=["GET", "POST"]),
]
