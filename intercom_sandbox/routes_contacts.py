"""Contacts (users and leads) and what hangs off them: tags, notes, companies, search."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from . import render
from .endpoint import Call, endpoint
from .errors import ApiError, invalid, missing, not_found
from .pagination import SortOrder, cursor_page, number_page, page_numbers, parse_per_page
from .people import get_subscription_type, render_segment, render_subscription_type, segments_of
from .search import CONTACT_SEARCH, paged_search
from .store import SandboxStore, apply_contact_fields, validate_contact_fields

CONTACTS_PER_PAGE = 50
NOTES_PER_PAGE = 50
CONTACT_COMPANIES_PER_PAGE = 15


def _conflict(contact: dict[str, Any]) -> ApiError:
    return ApiError(
        409, "conflict", f"A contact matching those details already exists with id={contact['id']}"
    )


def _check_unique(store: SandboxStore, fields: dict[str, Any], own_id: str | None = None) -> None:
    for key in ("email", "external_id"):
        value = fields.get(key)
        if not value:
            continue
        existing = store.find_contact(**{key: value}) or next(
            (c for c in store.people.archived_contacts.values()
             if c[key] and str(c[key]).lower() == str(value).lower()), None)
        if existing is not None and existing["id"] != own_id:
            raise _conflict(existing)


def contact_tag_item(store: SandboxStore, contact: dict[str, Any], tag: dict[str, Any], at: int) -> dict:
    """The `contact_tag` object Intercom puts in contact tag notifications."""
    return {
        "type": "contact_tag",
        "created_at": at,
        "tag": render.tag(tag),
        "contact": render.contact(store, contact),
    }


# ---- CRUD ---------------------------------------------------------------------------------


@endpoint
def create_contact(call: Call) -> dict[str, Any]:
    body = call.json()
    fields = validate_contact_fields(body)
    if not any(fields.get(key) for key in ("email", "external_id", "role")):
        raise ApiError(
            400, "parameter_not_found", "One of email, external_id or role is required to create a contact"
        )
    store = call.store
    _check_unique(store, fields)
    contact = store.add_contact(fields)
    rendered = render.contact(store, contact)
    store.emit(f"contact.{contact['role']}.created", rendered)
    return rendered


@endpoint
def show_contact(call: Call) -> dict[str, Any]:
    return render.contact(call.store, call.store.get_contact(call.path("id")))


@endpoint
def update_contact(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("id"))
    fields = validate_contact_fields(call.json())
    _check_unique(store, fields, own_id=contact["id"])
    apply_contact_fields(contact, fields)
    contact["updated_at"] = max(store.now(), contact["created_at"])
    rendered = render.contact(store, contact)
    store.emit(f"contact.{contact['role']}.updated", rendered)
    return rendered


@endpoint
def delete_contact(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("id"))
    contact_id = contact["id"]
    del store.contacts[contact_id]
    store.contact_tags.pop(contact_id, None)
    store.detach_companies(contact_id)
    for note_id in [n["id"] for n in store.notes.values() if n["contact_id"] == contact_id]:
        del store.notes[note_id]
    deleted = {"type": "contact", "id": contact_id, "external_id": contact["external_id"], "deleted": True}
    store.emit("contact.deleted", dict(deleted))
    # `object` mirrors `type` for clients written against Intercom's older delete shape.
    return {**deleted, "object": "contact"}


def _archive_answer(contact: dict[str, Any], archived: bool) -> dict[str, Any]:
    return {"type": "contact", "id": contact["id"], "external_id": contact["external_id"],
            "archived": archived}


@endpoint
def archive_contact(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("id"))
    # Archived contacts leave every list and search, and answer 404, until unarchived.
    store.people.archived_contacts[contact["id"]] = store.contacts.pop(contact["id"])
    store.emit("contact.archived", _archive_answer(contact, True))
    return _archive_answer(contact, True)


@endpoint
def unarchive_contact(call: Call) -> dict[str, Any]:
    store = call.store
    contact_id = call.path("id")
    contact = store.people.archived_contacts.pop(contact_id, None)
    if contact is None:
        contact = store.get_contact(contact_id)  # not archived: Intercom answers as if it was undone
    store.contacts[contact["id"]] = contact
    store.emit("contact.unarchived", _archive_answer(contact, False))
    return _archive_answer(contact, False)


@endpoint
def merge_contacts(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    for key in ("from", "into"):
        if not body.get(key):
            raise missing(key)
    lead, user = store.get_contact(str(body["from"])), store.get_contact(str(body["into"]))
    if lead["role"] != "lead":
        raise invalid("the contact to merge from must be a lead", "from")
    if user["role"] != "user" or user["id"] == lead["id"]:
        raise invalid("the contact to merge into must be a user", "into")
    # The user keeps its own fields; what hangs off the lead moves over.
    for tag_id, applied in store.contact_tags.pop(lead["id"], {}).items():
        store.contact_tags.setdefault(user["id"], {}).setdefault(tag_id, applied)
    companies = list(store.contact_companies.get(lead["id"], []))
    store.detach_companies(lead["id"])
    for company_id in companies:
        store.attach_company(user["id"], company_id)
    for note in store.notes.values():
        if note["contact_id"] == lead["id"]:
            note["contact_id"] = user["id"]
    for conversation in store.conversations.values():
        ids = conversation["contact_ids"]
        if lead["id"] in ids:
            ids[:] = list(dict.fromkeys(user["id"] if c == lead["id"] else c for c in ids))
    for event in store.people.events:
        if event["contact_id"] == lead["id"]:
            event["contact_id"] = user["id"]
    for custom_key, value in lead["custom_attributes"].items():
        user["custom_attributes"].setdefault(custom_key, value)
    del store.contacts[lead["id"]]
    user["updated_at"] = max(store.now(), user["created_at"])
    rendered = render.contact(store, user)
    store.emit("contact.merged", {**rendered, "merged_from": {"type": "contact", "id": lead["id"]}})
    return rendered


# ---- listing and search -----------------------------------------------------------------------


@endpoint
def list_contacts(call: Call) -> dict[str, Any]:
    store = call.store
    per_page = parse_per_page(call.query.get("per_page"), CONTACTS_PER_PAGE)
    page = cursor_page(
        store.contacts,
        SortOrder(),
        per_page=per_page,
        starting_after=call.query.get("starting_after"),
    )
    return page.body("list", "data", lambda c: render.contact(store, c))


@endpoint
def search_contacts(call: Call) -> dict[str, Any]:
    store = call.store
    page = paged_search(store, CONTACT_SEARCH, list(store.contacts.values()), call.json(), CONTACTS_PER_PAGE)
    return page.body("list", "data", lambda c: render.contact(store, c))


# ---- tags on a contact ----------------------------------------------------------------------


@endpoint
def list_contact_tags(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("contact_id"))
    applied = store.contact_tags.get(contact["id"], {})
    return {"type": "list", "data": [render.tag(store.tags[t], info) for t, info in applied.items()]}


@endpoint
def tag_contact(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("contact_id"))
    tag_id = call.json().get("id")
    if tag_id is None:
        raise missing("id")
    tag = store.get_tag(tag_id)
    applied = store.contact_tags.setdefault(contact["id"], {})
    if tag["id"] not in applied:
        now = store.now()
        applied[tag["id"]] = {"applied_at": now, "applied_by": store.default_admin()["id"]}
        store.emit(f"contact.{contact['role']}.tag.created", contact_tag_item(store, contact, tag, now))
    return render.tag(tag, applied[tag["id"]])


@endpoint
def untag_contact(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("contact_id"))
    tag = store.get_tag(call.path("id"))
    applied = store.contact_tags.get(contact["id"], {})
    if tag["id"] not in applied:
        raise ApiError(404, "tag_not_found", "Tag not found")
    del applied[tag["id"]]
    store.emit(f"contact.{contact['role']}.tag.deleted", contact_tag_item(store, contact, tag, store.now()))
    return render.tag(tag)


# ---- segments and subscriptions of a contact ------------------------------------------------


@endpoint
def list_contact_segments(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("contact_id"))
    segments = segments_of(store, contact, "contact")
    return {"type": "list", "data": [render_segment(store, s) for s in segments]}


@endpoint
def list_contact_subscriptions(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("contact_id"))
    chosen = store.people.subscriptions.get(contact["id"], {})
    kinds = [get_subscription_type(store, type_id) for type_id in chosen]
    return {"type": "list", "data": [render_subscription_type(k) for k in kinds]}


@endpoint
def attach_subscription(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("contact_id"))
    body = call.json()
    for key in ("id", "consent_type"):
        if not body.get(key):
            raise missing(key)
    kind = get_subscription_type(store, body["id"])
    if body["consent_type"] != kind["consent_type"]:
        raise invalid(f"consent_type must be {kind['consent_type']} for this subscription type",
                      "consent_type")
    store.people.subscriptions.setdefault(contact["id"], {})[kind["id"]] = kind["consent_type"]
    topic = "contact.subscribed" if kind["consent_type"] == "opt_in" else "contact.unsubscribed"
    store.emit(topic, render_subscription_type(kind))
    return render_subscription_type(kind)


@endpoint
def detach_subscription(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("contact_id"))
    kind = get_subscription_type(store, call.path("id"))
    chosen = store.people.subscriptions.get(contact["id"], {})
    if chosen.pop(kind["id"], None) is None:
        raise not_found("The contact has no subscription of this type")
    return render_subscription_type(kind)


# ---- notes ------------------------------------------------------------------------------------


@endpoint
def list_notes(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("id"))
    notes = [n for n in store.notes.values() if n["contact_id"] == contact["id"]]
    notes.sort(key=lambda n: (n["created_at"], n["_seq"]), reverse=True)  # newest first
    page, per_page = page_numbers(call.query, NOTES_PER_PAGE)
    listed = number_page(notes, page=page, per_page=per_page, next_url=call.page_url)
    return listed.body("list", "data", lambda n: render.note(store, n))


@endpoint
def create_note(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("id"))
    body = call.json()
    text = body.get("body")
    if not isinstance(text, str) or not text.strip():
        raise missing("body", "Body is required")
    admin = store.get_admin(body["admin_id"]) if body.get("admin_id") is not None else store.default_admin()
    note = store.add_note(contact, admin, text if text.lstrip().startswith("<") else f"<p>{text}</p>")
    return render.note(store, note)


@endpoint
def retrieve_note(call: Call) -> dict[str, Any]:
    note = call.store.notes.get(call.path("id"))
    if note is None:
        raise not_found("Note not found")
    return render.note(call.store, note)


# ---- companies of a contact -------------------------------------------------------------------


@endpoint
def attach_company(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("id"))
    company_id = call.json().get("id")
    if not company_id:
        raise ApiError(400, "parameter_not_found", "company not specified", "id")
    company = store.get_company(str(company_id))
    store.attach_company(contact["id"], company["id"])
    return render.company(store, company)


@endpoint
def detach_company(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("contact_id"))
    company = store.get_company(call.path("id"))
    if not store.detach_company(contact["id"], company["id"]):
        raise ApiError(404, "company_not_found", "Company Not Found")
    return render.company(store, company)


@endpoint
def list_contact_companies(call: Call) -> dict[str, Any]:
    store = call.store
    contact = store.get_contact(call.path("id"))
    companies = [
        store.companies[c] for c in store.contact_companies.get(contact["id"], []) if c in store.companies
    ]
    # Paged like every page-numbered list, so a pager asking for page + 1 reaches an empty page.
    page, per_page = page_numbers(call.query, CONTACT_COMPANIES_PER_PAGE)
    listed = number_page(companies, page=page, per_page=per_page, next_url=call.page_url)
    return listed.body("list", "companies", lambda c: render.company(store, c))


routes = [
    Route("/contacts", list_contacts, methods=["GET"]),
    Route("/contacts", create_contact, methods=["POST"]),
    Route("/contacts/search", search_contacts, methods=["POST"]),
    Route("/contacts/{id}", show_contact, methods=["GET"]),
    Route("/contacts/{id}", update_contact, methods=["PUT"]),
    Route("/contacts/{id}", delete_contact, methods=["DELETE"]),
    Route("/contacts/{contact_id}/tags", list_contact_tags, methods=["GET"]),
    Route("/contacts/{contact_id}/tags", tag_contact, methods=["POST"]),
    Route("/contacts/{contact_id}/tags/{id}", untag_contact, methods=["DELETE"]),
    Route("/contacts/{id}/notes", list_notes, methods=["GET"]),
    Route("/contacts/{id}/notes", create_note, methods=["POST"]),
    Route("/contacts/{id}/companies", list_contact_companies, methods=["GET"]),
    Route("/contacts/{id}/companies", attach_company, methods=["POST"]),
    Route("/contacts/{contact_id}/companies/{id}", detach_company, methods=["DELETE"]),
    Route("/contacts/merge", merge_contacts, methods=["POST"]),
    Route("/contacts/{id}/archive", archive_contact, methods=["POST"]),
    Route("/contacts/{id}/unarchive", unarchive_contact, methods=["POST"]),
    Route("/contacts/{contact_id}/segments", list_contact_segments, methods=["GET"]),
    Route("/contacts/{contact_id}/subscriptions", list_contact_subscriptions, methods=["GET"]),
    Route("/contacts/{contact_id}/subscriptions", attach_subscription, methods=["POST"]),
    Route("/contacts/{contact_id}/subscriptions/{id}", detach_subscription, methods=["DELETE"]),
    Route("/notes/{id}", retrieve_note, methods=["GET"]),
]
