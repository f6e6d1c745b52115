"""Tickets and ticket types with their attributes (the sandbox seeds one customer ticket type)."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import ApiError, invalid, missing, not_found
from .search import TICKET_SEARCH, paged_search
from .store import SandboxStore, as_html, author_of_admin, author_of_contact

TICKETS_PER_PAGE = 20
TICKET_STATES = ("in_progress", "waiting_on_customer", "resolved")
CATEGORIES = ("Customer", "Back-office", "Tracker")
DATA_TYPES = ("string", "list", "integer", "decimal", "boolean", "datetime", "files")
_ATTRIBUTE_FLAGS = (
    "required_to_create",
    "required_to_create_for_contacts",
    "visible_on_create",
    "visible_to_contacts",
)
DEFAULT_ICON = "🎟️"


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


def _get_type(store: SandboxStore, type_id: Any, field: str | None = None) -> dict[str, Any]:
    ticket_type = store.ticket_types.get(str(type_id))
    if ticket_type is None:
        raise ApiError(404, "not_found", "Ticket type not found", field)
    return ticket_type


def _attributes(body: dict[str, Any], key: str) -> dict[str, Any]:
    attributes = body.get(key) or {}
    if not isinstance(attributes, dict):
        raise invalid(f"{key} must be an object", key)
    return attributes


def _bot() -> dict[str, Any]:
    return {"type": "bot", "id": "0", "name": "Operator", "email": "operator@sandbox.test"}


def _part(store: SandboxStore, part_type: str, author: dict[str, Any], **fields: Any) -> dict[str, Any]:
    now = store.now()
    return {
        "id": store.number_id("part", 7_001),
        "part_type": part_type,
        "created_at": now,
        "updated_at": now,
        "author": author,
        "attachments": [],
        "redacted": False,
        **fields,
    }


def new_ticket(
    store: SandboxStore, ticket_type: dict[str, Any], contact: dict[str, Any], attributes: dict[str, Any]
) -> dict[str, Any]:
    """A submitted ticket of ``ticket_type`` for ``contact`` (also what converting a conversation makes)."""
    if ticket_type.get("archived"):
        raise invalid("Ticket type is archived", "ticket_type_id")
    now = store.now()
    ticket = {
        "id": store.number_id("ticket", 601),
        "ticket_id": store.number_id("ticket_number", 1),
        "ticket_type_id": ticket_type["id"],
        "category": ticket_type["category"],
        "ticket_attributes": dict(attributes),
        "ticket_state": "submitted",
        "contact_ids": [contact["id"]],
        "teammate_ids": [],
        "admin_assignee_id": "0",
        "team_assignee_id": "0",
        "created_at": now,
        "updated_at": now,
        "open": True,
        "is_shared": ticket_type["category"] == "Customer",
        "snoozed_until": None,
        "parts": [
            _part(
                store,
                "ticket_state_updated_by_admin",
                _bot(),
                ticket_state="submitted",
                previous_ticket_state="submitted",
            )
        ],
        "_seq": store.next_seq(),
    }
    store.tickets[ticket["id"]] = ticket
    return ticket


# ---- ticket types and their attributes -------------------------------------------------------


def new_attribute(
    store: SandboxStore, ticket_type: dict[str, Any], body: dict[str, Any], *, default: bool = False
) -> dict[str, Any]:
    data_type = body["data_type"]
    options: dict[str, Any] = {}
    if data_type == "string":
        options["multiline"] = bool(body.get("multiline", False))
    elif data_type == "list":
        options["list_options"] = _list_options(store, body.get("list_items"))
    elif data_type == "files":
        options["allow_multiple_values"] = bool(body.get("allow_multiple_values", False))
    now = store.now()
    attribute = {
        "id": store.number_id("ticket_type_attribute", 261),
        "name": body["name"],
        "description": body.get("description") or "",
        "data_type": data_type,
        "input_options": options,
        "order": len(ticket_type["attributes"]),
        "required_to_create": bool(body.get("required_to_create", False)),
        "required_to_create_for_contacts": bool(body.get("required_to_create_for_contacts", False)),
        "visible_on_create": bool(body.get("visible_on_create", True)),
        "visible_to_contacts": bool(body.get("visible_to_contacts", True)),
        "default": default,
        "ticket_type_id": int(ticket_type["id"]),
        "archived": False,
        "created_at": now,
        "updated_at": now,
    }
    ticket_type["attributes"].append(attribute)
    ticket_type["updated_at"] = now
    return attribute


def _list_options(store: SandboxStore, items: Any) -> list[dict[str, Any]]:
    labels = [i.strip() for i in items.split(",") if i.strip()] if isinstance(items, str) else []
    if not labels:
        raise invalid("list_items must name at least one item, separated by commas", "list_items")
    return [
        {"type": "list_option", "id": store.number_id("list_option", 1), "label": label, "archived": False}
        for label in labels
    ]


def _check_types(body: dict[str, Any], fields: dict[str, type]) -> None:
    for name, kind in fields.items():
        if name in body and body[name] is not None and not isinstance(body[name], kind):
            raise invalid(f"{name} must be a {'boolean' if kind is bool else 'string'}", name)


def _ticket_type_body(body: dict[str, Any]) -> dict[str, Any]:
    _check_types(
        body,
        {
            "name": str,
            "description": str,
            "category": str,
            "icon": str,
            "is_internal": bool,
            "archived": bool,
        },
    )
    if "category" in body and body["category"] not in CATEGORIES:
        raise invalid("category must be one of Customer, Back-office, Tracker", "category")
    return body


@endpoint
def list_ticket_types(call: Call) -> dict[str, Any]:
    store = call.store
    return {
        "type": "list",
        "ticket_types": [render.ticket_type(store, t) for t in store.ticket_types.values()],
    }


@endpoint
def retrieve_ticket_type(call: Call) -> dict[str, Any]:
    return render.ticket_type(call.store, _get_type(call.store, call.path("id")))


@endpoint
def create_ticket_type(call: Call) -> dict[str, Any]:
    store = call.store
    body = _ticket_type_body(call.json())
    if not body.get("name"):
        raise missing("name")
    if any(t["name"].lower() == body["name"].lower() for t in store.ticket_types.values()):
        raise invalid("A ticket type with this name already exists", "name")
    now = store.now()
    type_id = store.number_id("ticket_type", 1)
    ticket_type = {
        "id": type_id,
        "category": body.get("category") or "Customer",
        "name": body["name"],
        "description": body.get("description") or "",
        "icon": body.get("icon") or DEFAULT_ICON,
        "is_internal": bool(body.get("is_internal", False)),
        "archived": False,
        "created_at": now,
        "updated_at": now,
        "attributes": [],
    }
    store.ticket_types[type_id] = ticket_type
    for name, label, multiline in (
        ("_default_title_", "Title", False),
        ("_default_description_", "Description", True),
    ):
        new_attribute(
            store,
            ticket_type,
            {"name": name, "description": label, "data_type": "string", "multiline": multiline},
            default=True,
        )
    return render.ticket_type(store, ticket_type)


@endpoint
def update_ticket_type(call: Call) -> dict[str, Any]:
    store = call.store
    ticket_type = _get_type(store, call.path("id"))
    body = _ticket_type_body(call.json())
    for name in ("name", "description", "category", "icon", "is_internal", "archived"):
        if body.get(name) is not None:
            ticket_type[name] = body[name]
    ticket_type["updated_at"] = store.now()
    return render.ticket_type(store, ticket_type)


@endpoint
def create_ticket_type_attribute(call: Call) -> dict[str, Any]:
    store = call.store
    ticket_type = _get_type(store, call.path("ticket_type_id"))
    body = call.json()
    for name in ("name", "description", "data_type"):
        if not body.get(name):
            raise missing(name)
    _check_types(
        body,
        {
            "name": str,
            "description": str,
            "list_items": str,
            **dict.fromkeys((*_ATTRIBUTE_FLAGS, "multiline", "allow_multiple_values"), bool),
        },
    )
    if body["data_type"] not in DATA_TYPES:
        raise invalid(f"data_type must be one of {', '.join(DATA_TYPES)}", "data_type")
    if any(a["name"].lower() == str(body["name"]).lower() for a in ticket_type["attributes"]):
        raise invalid("An attribute with this name already exists on the ticket type", "name")
    attribute = new_attribute(store, ticket_type, body)
    return render.ticket_type_attribute(store, attribute)


@endpoint
def update_ticket_type_attribute(call: Call) -> dict[str, Any]:
    store = call.store
    ticket_type = _get_type(store, call.path("ticket_type_id"))
    attribute = next((a for a in ticket_type["attributes"] if a["id"] == call.path("id")), None)
    if attribute is None:
        raise not_found("Ticket type attribute not found")
    body = call.json()
    _check_types(
        body,
        {
            "name": str,
            "description": str,
            "list_items": str,
            **dict.fromkeys((*_ATTRIBUTE_FLAGS, "multiline", "allow_multiple_values", "archived"), bool),
        },
    )
    for name in ("name", "description", *_ATTRIBUTE_FLAGS, "archived"):
        if body.get(name) is not None:
            attribute[name] = body[name]
    if body.get("multiline") is not None and attribute["data_type"] == "string":
        attribute["input_options"]["multiline"] = body["multiline"]
    if body.get("list_items") is not None and attribute["data_type"] == "list":
        attribute["input_options"]["list_options"] = _list_options(store, body["list_items"])
    attribute["updated_at"] = ticket_type["updated_at"] = store.now()
    return render.ticket_type_attribute(store, attribute)


# ---- tickets ----------------------------------------------------------------------------------


@endpoint
def create_ticket(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    type_id = body.get("ticket_type_id")
    if type_id in (None, ""):
        raise missing("ticket_type_id")
    ticket_type = _get_type(store, type_id, "ticket_type_id")
    if "contacts" not in body:
        raise missing("contacts")
    contact = _ticket_contact(store, body["contacts"])
    company_id = str(body["company_id"]) if body.get("company_id") else None
    if company_id:
        store.get_company(company_id)
    ticket = new_ticket(store, ticket_type, contact, _attributes(body, "ticket_attributes"))
    if company_id:
        ticket["company_id"] = company_id
    rendered = render.ticket(store, ticket)
    store.emit("ticket.created", rendered)
    return rendered


@endpoint
def retrieve_ticket(call: Call) -> dict[str, Any]:
    return render.ticket(call.store, call.store.get_ticket(call.path("id")))


@endpoint
def update_ticket(call: Call) -> dict[str, Any]:
    store = call.store
    ticket = store.get_ticket(call.path("id"))
    body = call.json()
    topics = []
    _check_types(body, {"open": bool, "is_shared": bool})
    if "state" in body:
        if body["state"] not in TICKET_STATES:
            raise invalid(f"state must be one of {', '.join(TICKET_STATES)}", "state")
        if body["state"] != ticket["ticket_state"]:
            ticket["parts"].append(
                _part(
                    store,
                    "ticket_state_updated_by_admin",
                    _bot(),
                    ticket_state=body["state"],
                    previous_ticket_state=ticket["ticket_state"],
                )
            )
            ticket["ticket_state"] = body["state"]
            topics.append("ticket.state.updated")
    attributes = _attributes(body, "ticket_attributes")
    if attributes:
        ticket["ticket_attributes"].update(attributes)
        topics.append("ticket.attribute.updated")
    if "snoozed_until" in body:
        until = body["snoozed_until"]
        if until is not None and (isinstance(until, bool) or not isinstance(until, int)):
            raise invalid("snoozed_until must be a unix timestamp", "snoozed_until")
        ticket["snoozed_until"] = until
    if body.get("is_shared") is not None:
        ticket["is_shared"] = body["is_shared"]
    if body.get("open") is not None:
        ticket["open"] = body["open"]
        if not body["open"]:
            ticket["snoozed_until"] = None  # closing also ends a snooze
    if body.get("assignment") is not None:
        topics.append(_assign(store, ticket, body["assignment"]))
    ticket["updated_at"] = max(store.now(), ticket["updated_at"])
    rendered = render.ticket(store, ticket)
    for topic in topics:
        store.emit(topic, rendered)
    return rendered


def _assign(store: SandboxStore, ticket: dict[str, Any], assignment: Any) -> str:
    if not isinstance(assignment, dict):
        raise invalid("assignment must be an object", "assignment")
    admin = store.get_admin(assignment.get("admin_id"), field="assignment.admin_id")
    assignee = str(assignment.get("assignee_id") or "")
    if not assignee:
        raise missing("assignment.assignee_id")
    if assignee == "0":
        ticket["admin_assignee_id"] = "0"
    elif assignee in store.admins:
        ticket["admin_assignee_id"] = assignee
    elif assignee in store.teams:
        ticket["team_assignee_id"] = assignee
    else:
        raise ApiError(404, "assignee_not_found", "Assignee not found", "assignment.assignee_id")
    if admin["id"] not in ticket["teammate_ids"]:
        ticket["teammate_ids"].append(admin["id"])
    ticket["parts"].append(
        _part(
            store,
            "assignment",
            author_of_admin(admin),
            assigned_to={"type": "team" if assignee in store.teams else "admin", "id": assignee},
        )
    )
    return "ticket.admin.assigned"


def attachments_of(urls: Any) -> list[dict[str, Any]]:
    """The uploads a reply's ``attachment_urls`` become (conversations and tickets alike)."""
    if urls is None:
        return []
    if not isinstance(urls, list) or len(urls) > 10 or not all(isinstance(u, str) for u in urls):
        raise invalid("attachment_urls must be a list of at most 10 URLs", "attachment_urls")
    return [
        {
            "type": "upload",
            "name": u.rsplit("/", 1)[-1] or "attachment",
            "url": u,
            "content_type": "image/png",
            "filesize": 0,
            "width": None,
            "height": None,
        }
        for u in urls
    ]


@endpoint
def reply_ticket(call: Call) -> dict[str, Any]:
    store = call.store
    ticket = store.get_ticket(call.path("id"))
    body = call.json()
    text = body.get("body")
    attachments = attachments_of(body.get("attachment_urls"))
    if not (isinstance(text, str) and text.strip()) and not attachments:
        raise ApiError(400, "parameter_invalid", "Body is required", "body")
    if body.get("type") == "admin":
        if body.get("message_type") not in ("comment", "note"):
            raise invalid("message_type must be comment or note", "message_type")
        admin = store.get_admin(body.get("admin_id"))
        author, part_type = author_of_admin(admin), body["message_type"]
        topic = "ticket.note.created" if part_type == "note" else "ticket.admin.replied"
        if admin["id"] not in ticket["teammate_ids"]:
            ticket["teammate_ids"].append(admin["id"])
    elif body.get("type") == "user":
        if body.get("message_type") != "comment":
            raise invalid("message_type must be comment for contact replies", "message_type")
        if body.get("intercom_user_id"):
            contact = store.get_contact(str(body["intercom_user_id"]))
        else:
            contact = store.find_contact(
                email=body.get("email") or None, external_id=body.get("user_id") or None
            )
            if contact is None:
                raise not_found("User Not Found")
        if contact["id"] not in ticket["contact_ids"]:
            raise invalid("The contact is not a participant of this ticket", "intercom_user_id")
        author, part_type, topic = author_of_contact(contact), "comment", "ticket.contact.replied"
    else:
        raise invalid("type must be admin or user", "type")
    part = _part(store, part_type, author, body=as_html(text) if text else None, attachments=attachments)
    ticket["parts"].append(part)
    ticket["updated_at"] = max(store.now(), ticket["updated_at"])
    store.emit(topic, render.ticket(store, ticket))
    return {"type": "ticket_part", **part}


@endpoint
def search_tickets(call: Call) -> dict[str, Any]:
    store = call.store
    page = paged_search(store, TICKET_SEARCH, list(store.tickets.values()), call.json(), TICKETS_PER_PAGE)
    return page.body("ticket.list", "tickets", lambda t: render.ticket(store, t))


routes = [
    Route("/ticket_types", list_ticket_types, methods=["GET"]),
    Route("/ticket_types", create_ticket_type, methods=["POST"]),
    Route("/ticket_types/{id}", retrieve_ticket_type, methods=["GET"]),
    Route("/ticket_types/{id}", update_ticket_type, methods=["PUT"]),
    Route("/ticket_types/{ticket_type_id}/attributes", create_ticket_type_attribute, methods=["POST"]),
    Route("/ticket_types/{ticket_type_id}/attributes/{id}", update_ticket_type_attribute, methods=["PUT"]),
    Route("/tickets", create_ticket, methods=["POST"]),
    Route("/tickets/search", search_tickets, methods=["POST"]),
    Route("/tickets/{id}", retrieve_ticket, methods=["GET"]),
    Route("/tickets/{id}", update_ticket, methods=["PUT"]),
    Route("/tickets/{id}/reply", reply_ticket, methods=["POST"]),
]
