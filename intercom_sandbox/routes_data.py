"""Data attributes (the fields contacts, companies and conversations carry) and data events."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from .endpoint import Call, endpoint
from .errors import ApiError, invalid, missing, not_found
from .pagination import parse_per_page
from .people import (
    DATA_TYPES,
    add_custom_attribute,
    check_attribute_name,
    check_attribute_options,
    event_totals,
    get_attribute,
    render_event,
)
from .routes_segments import query_flag
from .store import SandboxStore

MODELS = ("contact", "company", "conversation")
EVENTS_PER_PAGE = 50
# GET /events lists only what happened in the last 90 days.
EVENT_WINDOW_SECONDS = 90 * 86_400
MAX_METADATA = 10


# ---- data attributes ----------------------------------------------------------------------


@endpoint
def list_data_attributes(call: Call) -> dict[str, Any]:
    model = call.query.get("model")
    if model is not None and model not in MODELS:
        raise invalid("model must be one of contact, company, conversation", "model")
    # Conversation attributes come only when asked for by model.
    models = (model,) if model else ("contact", "company")
    archived = query_flag(call, "include_archived")
    listed = [a for a in call.store.people.data_attributes
              if a["model"] in models and (archived or not a["archived"])]
    return {"type": "list", "data": [dict(a) for a in listed]}


@endpoint
def create_data_attribute(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    for key in ("name", "model", "data_type"):
        if body.get(key) in (None, ""):
            raise missing(key)
    name = check_attribute_name(body["name"])
    if body["model"] not in ("contact", "company"):
        raise invalid("The Data Attribute model field must be either contact or company", "model")
    if body["data_type"] not in DATA_TYPES:
        raise invalid("Data Type isn't an option", "data_type")
    model = body["model"]
    if any(a["name"].lower() == name.lower() and a["model"] == model for a in store.people.data_attributes):
        raise invalid(f"You already have '{name}' in your {model} data. Use a different name.", "name")
    options = check_attribute_options(body["options"]) if body.get("options") is not None else None
    return dict(add_custom_attribute(store, body["model"], name, body["data_type"], options=options,
                                     messenger_writable=bool(body.get("messenger_writable", True))))


@endpoint
def update_data_attribute(call: Call) -> dict[str, Any]:
    store = call.store
    attribute = get_attribute(store, call.path("id"))
    body = call.json()
    for key in ("archived", "messenger_writable"):
        if key in body:
            if not isinstance(body[key], bool):
                raise invalid(f"{key} must be true or false", key)
            attribute[key] = body[key]
    if "options" in body:
        attribute["options"] = check_attribute_options(body["options"])
    attribute["updated_at"] = store.now()
    return dict(attribute)


# ---- events -------------------------------------------------------------------------------


def _contact_for(store: SandboxStore, ref: dict[str, Any]) -> dict[str, Any]:
    """The contact an event names by Intercom id, external id (user_id) or email."""
    if ref.get("id") or ref.get("intercom_user_id"):
        return store.get_contact(str(ref.get("id") or ref.get("intercom_user_id")))
    if ref.get("user_id") or ref.get("email"):
        found = store.find_contact(external_id=ref.get("user_id") or None, email=ref.get("email") or None)
        if found is not None:
            return found
        raise not_found("User Not Found")
    raise missing("user_id", "One of id, user_id or email is required")


@endpoint
def create_event(call: Call) -> Response:
    store = call.store
    body = call.json()
    name, created_at = body.get("event_name"), body.get("created_at")
    if not isinstance(name, str) or not name.strip():
        raise missing("event_name")
    if isinstance(created_at, bool) or not isinstance(created_at, int):
        raise missing("created_at", "created_at is required, in Unix seconds")
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict) or any(isinstance(v, list) for v in metadata.values()):
        raise invalid("metadata must map names to values", "metadata")
    contact = _contact_for(store, body)
    events = store.people.events
    # Intercom keeps one event per contact, name and time.
    if not any(e["contact_id"] == contact["id"] and e["event_name"] == name and e["created_at"] == created_at
               for e in events):
        event = {"id": store.number_id("event", 90_001), "event_name": name, "created_at": created_at,
                 "contact_id": contact["id"], "metadata": dict(list(metadata.items())[:MAX_METADATA]),
                 "_seq": store.next_seq()}
        events.append(event)
        store.emit("event.created", render_event(store, event))
    return Response(status_code=202)


@endpoint
def list_events(call: Call) -> dict[str, Any]:
    store = call.store
    query = call.query
    if query.get("type") != "user":
        raise invalid("type must be user", "type")
    contact = _contact_for(store, dict(query))
    if query_flag(call, "summary"):
        return {"type": "event.summary", "email": contact["email"] or "", "intercom_user_id": contact["id"],
                "user_id": contact["external_id"], "events": event_totals(store, contact["id"])}
    since = store.now() - EVENT_WINDOW_SECONDS
    events = sorted((e for e in store.people.events if e["contact_id"] == contact["id"]),
                    key=_position, reverse=True)
    events = [e for e in events if e["created_at"] >= since]
    if query.get("before"):
        cursor = _cursor(query["before"])
        events = [e for e in events if _position(e) < cursor]
    per_page = parse_per_page(query.get("per_page"), EVENTS_PER_PAGE)
    page, rest = events[:per_page], events[per_page:]
    pages: dict[str, Any] = {"type": "pages"}
    if rest:
        at, seq = _position(page[-1])
        # As live, the next page is a whole URL (with a `before` cursor), not a cursor object.
        pages["next"] = str(call.request.url.include_query_params(before=f"{at}.{seq}"))
    return {"type": "event.list", "events": [render_event(store, e) for e in page], "pages": pages}


def _position(event: dict[str, Any]) -> tuple[int, int]:
    return event["created_at"], event["_seq"]


def _cursor(text: str) -> tuple[int, int]:
    at, _, seq = text.partition(".")
    try:
        return int(at), int(seq)
    except ValueError:
        raise ApiError(400, "parameter_invalid", "before is not a valid cursor", "before") from None


@endpoint
def create_event_summaries(call: Call) -> Response:
    store = call.store
    body = call.json()
    if not body.get("user_id"):
        raise missing("user_id")
    contact = _contact_for(store, {"user_id": body["user_id"]})
    given = body.get("event_summaries")
    entries = given if isinstance(given, list) else [given]
    pushed = store.people.event_summaries.setdefault(contact["id"], {})
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("event_name"):
            raise missing("event_summaries.event_name")
        count = entry.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise invalid("count must be a whole number", "event_summaries.count")
        pushed[entry["event_name"]] = {"count": count, "first": entry.get("first"), "last": entry.get("last")}
    return Response(status_code=200)


routes = [
    Route("/data_attributes", list_data_attributes, methods=["GET"]),
    Route("/data_attributes", create_data_attribute, methods=["POST"]),
    Route("/data_attributes/{id}", update_data_attribute, methods=["PUT"]),
    Route("/events", create_event, methods=["POST"]),
    Route("/events", list_events, methods=["GET"]),
    Route("/events/summaries", create_event_summaries, methods=["POST"]),
]
