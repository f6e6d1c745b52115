"""Workspace tags: list, create-or-rename, read, delete."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import ApiError, missing


@endpoint
def list_tags(call: Call) -> dict[str, Any]:
    tags = sorted(call.store.tags.values(), key=lambda t: t["_seq"])
    return {"type": "list", "data": [render.tag(t) for t in tags]}


@endpoint
def create_or_update_tag(call: Call) -> dict[str, Any]:
    body = call.json()
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise missing("name", "Name is a required parameter.")
    name = name.strip()
    store = call.store
    if body.get("id") is not None:
        # With an id the request renames that tag.
        tag = store.get_tag(body["id"])
        clash = store.find_tag_by_name(name)
        if clash is not None and clash["id"] != tag["id"]:
            raise ApiError(400, "parameter_invalid", f"A tag named {name!r} already exists", "name")
        tag["name"] = name
        return render.tag(tag)
    tag = store.find_tag_by_name(name) or store.add_tag(name)
    return render.tag(tag)


@endpoint
def find_tag(call: Call) -> dict[str, Any]:
    return render.tag(call.store.get_tag(call.path("id")))


@endpoint
def delete_tag(call: Call) -> dict[str, Any]:
    store = call.store
    tag = store.get_tag(call.path("id"))
    del store.tags[tag["id"]]
    for applied in store.contact_tags.values():
        applied.pop(tag["id"], None)
    for conversation in store.conversations.values():
        conversation["_tags"].pop(tag["id"], None)
    for company in store.companies.values():
        if tag["id"] in company["tag_ids"]:
            company["tag_ids"].remove(tag["id"])
    return {}


routes = [
    Route("/tags", list_tags, methods=["GET"]),
    Route("/tags", create_or_update_tag, methods=["POST"]),
    Route("/tags/{id}", find_tag, methods=["GET"]),
    Route("/tags/{id}", delete_tag, methods=["DELETE"]),
]
