"""Tickets and ticket types (the sandbox seeds one customer ticket type)."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import ApiError, invalid, missing, not_found
from .search import TICKET_SEARCH, paged_search
from .store import SandboxStore

TICKETS_PER_PAGE = 20


def _ticket_contact(store: SandboxStore, contacts: Any) -> dict[str, Any]:
    """Resolve the single contact a ticket is created for; an unknown email creates a user."""
    if not isinstance(contacts, list) or len(contacts) != 1 or not isinstance(contacts[0], dict):
        raise invalid("contacts must hold exactly one contact", "contacts")
    ref = contacts[0]
    if ref.get("id"):
        return store.get_contact(str(ref["id"]))
    if ref.get("external_id"):
        found = store.find_contact(external_id=str(ref["external_id"]))
        if found is None:
            raise not_found("User Not Found")
        return found
    if ref.get("email"):
        existing = store.find_contact(email=str(ref["email"]))
        if existing is not None:
            return existing
        created = store.add_contact({"email": str(ref["email"])})
        store.emit("contact.user.created", render.contact(store, created))
        return created
    raise invalid("each contact needs an id, external_id or email", "contacts")


@endpoint
def list_ticket_types(call: Call) -> dict[str, Any]:
    store = call.store
    return {
        "type": "list",
        "ticket_types": [render.ticket_type(store, t) for t in store.ticket_types.values()],
    }


@endpoint
def retrieve_ticket_type(call: Call) -> dict[str, Any]:
    ticket_type = call.store.ticket_types.get(call.path("id"))
    if ticket_type is None:
        raise not_found("Ticket type not found")
    return render.ticket_type(call.store, ticket_type)


@endpoint
def create_ticket(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    type_id = body.get("ticket_type_id")
    if type_id in (None, ""):
        raise missing("ticket_type_id")
    ticket_type = store.ticket_types.get(str(type_id))
    if ticket_type is None:
        raise ApiError(404, "not_found", "Ticket type not found", "ticket_type_id")
    if "contacts" not in body:
        raise missing("contacts")
    contact = _ticket_contact(store, body["contacts"])
    attributes = body.get("ticket_attributes") or {}
    if not isinstance(attributes, dict):
        raise invalid("ticket_attributes must be an object", "ticket_attributes")
    now = store.now()
    ticket = {
        "id": store.number_id("ticket", 601),
        "ticket_id": store.number_id("ticket_number", 1),
        "ticket_type_id": ticket_type["id"],
        "category": ticket_type["category"],
        "ticket_attributes": attributes,
        "ticket_state": "submitted",
        "contact_ids": [contact["id"]],
        "teammate_ids": [],
        "admin_assignee_id": "0",
        "team_assignee_id": "0",
        "created_at": now,
        "updated_at": now,
        "open": True,
        "snoozed_until": None,
        "parts": [
            {
                "id": store.number_id("part", 7_001),
                "part_type": "ticket_state_updated_by_admin",
                "ticket_state": "submitted",
                "previous_ticket_state": "submitted",
                "created_at": now,
                "updated_at": now,
                "author": {"type": "bot", "id": "0", "name": "Operator", "email": "operator@sandbox.test"},
                "attachments": [],
                "redacted": False,
            }
        ],
        "_seq": store.next_seq(),
    }
    if body.get("company_id"):
        store.get_company(str(body["company_id"]))
        ticket["company_id"] = str(body["company_id"])
    store.tickets[ticket["id"]] = ticket
    rendered = render.ticket(store, ticket)
    store.emit("ticket.created", rendered)
    return rendered


@endpoint
def retrieve_ticket(call: Call) -> dict[str, Any]:
    return render.ticket(call.store, call.store.get_ticket(call.path("id")))


@endpoint
def search_tickets(call: Call) -> dict[str, Any]:
    store = call.store
    page = paged_search(store, TICKET_SEARCH, list(store.tickets.values()), call.json(), TICKETS_PER_PAGE)
    return page.body("ticket.list", "tickets", lambda t: render.ticket(store, t))


routes = [
    Route("/ticket_types", list_ticket_types, methods=["GET"]),
    Route("/ticket_types/{id}", retrieve_ticket_type, methods=["GET"]),
    Route("/tickets", create_ticket, methods=["POST"]),
    Route("/tickets/search", search_tickets, methods=["POST"]),
    Route("/tickets/{id}", retrieve_ticket, methods=["GET"]),
]
