"""Workspace tags: list, create-or-rename (and tag companies or contacts in bulk), read, delete;
tagging tickets."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import ApiError, invalid, missing
from .store import SandboxStore


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
    if "companies" in body:
        _tag_companies(store, tag, body["companies"])
    if "users" in body:
        _tag_users(store, tag, body["users"])
    return render.tag(tag)


def _entries(value: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise invalid(f"{field} must be a list of objects", field)
    return value


def _tag_companies(store: SandboxStore, tag: dict[str, Any], entries: Any) -> None:
    """Tag (or, with `untag: true`, untag) companies named by Intercom id or your company_id."""
    for entry in _entries(entries, "companies"):
        if entry.get("id"):
            company = store.get_company(str(entry["id"]))
        else:
            wanted = str(entry.get("company_id") or "")
            found = (c for c in store.companies.values() if wanted and c["company_id"] == wanted)
            company = next(found, None)
            if company is None:
                raise ApiError(404, "company_not_found", "Company Not Found")
        if entry.get("untag") is True:
            if tag["id"] in company["tag_ids"]:
                company["tag_ids"].remove(tag["id"])
        elif tag["id"] not in company["tag_ids"]:
            company["tag_ids"].append(tag["id"])


def _tag_users(store: SandboxStore, tag: dict[str, Any], entries: Any) -> None:
    for entry in _entries(entries, "users"):
        contact = store.get_contact(str(entry.get("id") or ""))
        applied = store.contact_tags.setdefault(contact["id"], {})
        applied.setdefault(tag["id"], {"applied_at": store.now(), "applied_by": store.default_admin()["id"]})


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
    for ticket in store.tickets.values():
        ticket.get("_tags", {}).pop(tag["id"], None)
    return {}


# ---- tickets (their other routes are in routes_tickets) ---------------------------------------


def acting_admin(store: SandboxStore, body: dict[str, Any]) -> dict[str, Any]:
    """The teammate a write names in ``admin_id``, which Intercom requires."""
    if body.get("admin_id") in (None, ""):
        raise missing("admin_id")
    return store.get_admin(body["admin_id"])


def tag_record(store: SandboxStore, tags: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Apply the tag ``body["id"]`` as ``body["admin_id"]`` to a record's ``tags``; the tag as sent."""
    admin = acting_admin(store, body)
    if body.get("id") in (None, ""):
        raise missing("id")
    tag = store.get_tag(body["id"])
    applied = tags.setdefault(tag["id"], {"applied_at": store.now(), "applied_by": admin["id"]})
    return render.tag(tag, applied)


def untag_record(
    store: SandboxStore, tags: dict[str, Any], tag_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Take the tag ``tag_id`` off a record's ``tags``, as ``body["admin_id"]``; 404 if it had none."""
    acting_admin(store, body)
    tag = store.get_tag(tag_id)
    if tags.pop(tag["id"], None) is None:
        raise ApiError(404, "tag_not_found", "Tag not found")
    return render.tag(tag)


@endpoint
def tag_ticket(call: Call) -> dict[str, Any]:
    ticket = call.store.get_ticket(call.path("ticket_id"))
    return tag_record(call.store, ticket.setdefault("_tags", {}), call.json())


@endpoint
def untag_ticket(call: Call) -> dict[str, Any]:
    ticket = call.store.get_ticket(call.path("ticket_id"))
    return untag_record(call.store, ticket.get("_tags", {}), call.path("id"), call.json())


routes = [
    Route("/tags", list_tags, methods=["GET"]),
    Route("/tags", create_or_update_tag, methods=["POST"]),
    Route("/tags/{id}", find_tag, methods=["GET"]),
    Route("/tags/{id}", delete_tag, methods=["DELETE"]),
    Route("/tickets/{ticket_id}/tags", tag_ticket, methods=["POST"]),
    Route("/tickets/{ticket_id}/tags/{id}", untag_ticket, methods=["DELETE"]),
]
