"""Visitors: read by user_id, update, and convert into a lead or a user."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import invalid, missing
from .people import find_visitor, render_visitor


@endpoint
def retrieve_visitor(call: Call) -> dict[str, Any]:
    user_id = call.query.get("user_id")
    if not user_id:
        raise missing("user_id")
    return render_visitor(call.store, find_visitor(call.store, {"user_id": user_id}))


@endpoint
def update_visitor(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    if not (body.get("id") or body.get("user_id")):
        raise missing("id", "One of id or user_id is required")
    visitor = find_visitor(store, {"id": body.get("id"), "user_id": body.get("user_id")})
    if body.get("name") is not None:
        if not isinstance(body["name"], str):
            raise invalid("name must be a string", "name")
        visitor["name"] = body["name"]
    custom = body.get("custom_attributes")
    if custom is not None:
        if not isinstance(custom, dict) or any(isinstance(v, dict | list) for v in custom.values()):
            raise invalid("custom_attributes must map names to values", "custom_attributes")
        visitor["custom_attributes"].update(custom)
    visitor["updated_at"] = store.now()
    return render_visitor(store, visitor)


@endpoint
def convert_visitor(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    role = body.get("type")
    if role not in ("user", "lead"):
        raise invalid("type must be user or lead", "type")
    user, ref = body.get("user"), body.get("visitor")
    if not isinstance(user, dict):
        raise missing("user")
    if not isinstance(ref, dict) or not any(ref.get(k) for k in ("id", "user_id", "email")):
        raise missing("visitor")
    visitor = find_visitor(store, ref)
    if user.get("id"):
        # Into an existing contact: the visitor's attributes fill what the contact lacks.
        contact = store.get_contact(str(user["id"]))
        for key, value in visitor["custom_attributes"].items():
            contact["custom_attributes"].setdefault(key, value)
    else:
        external_id = user.get("user_id") if role == "user" else None
        existing = store.find_contact(external_id=external_id) if external_id else None
        contact = existing or store.add_contact({
            "role": role, "external_id": external_id, "email": user.get("email") or visitor["email"] or None,
            "name": visitor["name"], "custom_attributes": dict(visitor["custom_attributes"]),
        })
    del store.people.visitors[visitor["id"]]
    rendered = render.contact(store, contact)
    if role == "user":
        store.emit("visitor.signed_up", rendered)
    return rendered


routes = [
    Route("/visitors", retrieve_visitor, methods=["GET"]),
    Route("/visitors", update_visitor, methods=["PUT"]),
    Route("/visitors/convert", convert_visitor, methods=["POST"]),
]
