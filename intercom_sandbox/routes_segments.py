"""Segments (live filters of contacts and companies) and the workspace's subscription types."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from .endpoint import Call, endpoint
from .errors import invalid
from .people import get_segment, render_segment, render_subscription_type


def query_flag(call: Call, name: str) -> bool:
    raw = call.query.get(name)
    if raw in (None, "", "false"):
        return False
    if raw == "true":
        return True
    raise invalid(f"{name} must be true or false", name)


@endpoint
def list_segments(call: Call) -> dict[str, Any]:
    store = call.store
    count = query_flag(call, "include_count")
    segments = [render_segment(store, s, count=count) for s in store.people.segments.values()]
    return {"type": "segment.list", "segments": segments}


@endpoint
def retrieve_segment(call: Call) -> dict[str, Any]:
    return render_segment(call.store, get_segment(call.store, call.path("id")))


@endpoint
def list_subscription_types(call: Call) -> dict[str, Any]:
    kinds = call.store.people.subscription_types.values()
    return {"type": "list", "data": [render_subscription_type(k) for k in kinds]}


routes = [
    Route("/segments", list_segments, methods=["GET"]),
    Route("/segments/{id}", retrieve_segment, methods=["GET"]),
    Route("/subscription_types", list_subscription_types, methods=["GET"]),
]
