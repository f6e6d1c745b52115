"""What the workspace knows about people beyond contacts and companies themselves: segments,
subscription types and each contact's choices, data attributes, data events, visitors, and
archived contacts.

Segments are live filters (a rule evaluated on every read), so membership follows the records
as they change. Records keep API field names plus sandbox-only keys under ``_``; the
``render_*`` functions decide what the API shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .errors import ApiError, invalid, not_found

if TYPE_CHECKING:
    from .store import SandboxStore

Record = dict[str, Any]
Rule = Callable[["SandboxStore", Record], bool]

DATA_TYPES = ("string", "integer", "float", "boolean", "datetime", "date")
# Intercom: "alphanumeric characters, currency symbols, and hyphens" (and spaces, as its examples).
ATTRIBUTE_NAME = re.compile(r"^[\w $£€¥-]*\w[\w $£€¥-]*$")


# ---- segments -----------------------------------------------------------------------------


def _has_tag(name: str) -> Rule:
    def rule(store: SandboxStore, contact: dict[str, Any]) -> bool:
        tag = store.find_tag_by_name(name)
        return tag is not None and tag["id"] in store.contact_tags.get(contact["id"], {})

    return rule


def _on_plan(name: str) -> Rule:
    return lambda store, company: (company.get("plan") or {}).get("name") == name


def add_segment(store: SandboxStore, name: str, person_type: str, model: str, rule: Rule) -> dict[str, Any]:
    segment = {
        "id": store.hex_id(),
        "name": name,
        "created_at": store.app["created_at"],
        "updated_at": store.app["created_at"],
        "person_type": person_type,
        "_model": model,
        "_rule": rule,
    }
    store.people.segments[segment["id"]] = segment
    return segment


def get_segment(store: SandboxStore, segment_id: str) -> dict[str, Any]:
    segment = store.people.segments.get(segment_id)
    if segment is None:
        raise not_found("Segment Not Found")
    return segment


def segments_of(store: SandboxStore, record: dict[str, Any], model: str) -> list[dict[str, Any]]:
    return [s for s in store.people.segments.values() if s["_model"] == model and s["_rule"](store, record)]


def members(store: SandboxStore, segment: dict[str, Any]) -> list[dict[str, Any]]:
    records = store.contacts if segment["_model"] == "contact" else store.companies
    return [r for r in records.values() if segment["_rule"](store, r)]


def render_segment(store: SandboxStore, segment: dict[str, Any], *, count: bool = False) -> dict[str, Any]:
    body = {"type": "segment", **{k: v for k, v in segment.items() if not k.startswith("_")}}
    if count:
        body["count"] = len(members(store, segment))
    return body


# ---- subscription types -------------------------------------------------------------------


def get_subscription_type(store: SandboxStore, type_id: Any) -> dict[str, Any]:
    kind = store.people.subscription_types.get(str(type_id))
    if kind is None:
        raise not_found("Subscription type not found")
    return kind


def render_subscription_type(kind: dict[str, Any]) -> dict[str, Any]:
    translation = {"name": kind["name"], "description": kind["description"], "locale": "en"}
    return {
        "type": "subscription",
        "id": kind["id"],
        "state": kind["state"],
        "consent_type": kind["consent_type"],
        "default_translation": translation,
        "translations": [translation],
        "content_types": list(kind["content_types"]),
    }


# ---- data attributes ----------------------------------------------------------------------


def _attribute(model: str, name: str, label: str, data_type: str, **extra: Any) -> dict[str, Any]:
    full_name = extra.pop("full_name", name)
    return {
        "type": "data_attribute", "name": name, "full_name": full_name, "label": label,
        "description": extra.pop("description", label), "data_type": data_type, "api_writable": True,
        "ui_writable": True, "messenger_writable": False, "custom": False, "archived": False,
        "model": model, **extra,
    }  # fmt: skip


BUILT_IN_ATTRIBUTES = (
    ("contact", "name", "Name", "string"), ("contact", "email", "Email", "string"),
    ("contact", "phone", "Phone", "string"), ("contact", "external_id", "User ID", "string"),
    ("contact", "role", "Role", "string"), ("contact", "owner_id", "Owner", "integer"),
    ("contact", "created_at", "First seen", "date"), ("contact", "signed_up_at", "Signed up", "date"),
    ("contact", "last_seen_at", "Last seen", "date"),
    ("contact", "unsubscribed_from_emails", "Unsubscribed from emails", "boolean"),
    ("contact", "location.city", "City", "string"), ("contact", "location.country", "Country", "string"),
    ("company", "name", "Company name", "string"), ("company", "company_id", "Company ID", "string"),
    ("company", "plan.name", "Plan", "string"), ("company", "size", "Company size", "integer"),
    ("company", "monthly_spend", "Monthly spend", "float"), ("company", "website", "Website", "string"),
    ("company", "industry", "Industry", "string"), ("company", "created_at", "Created", "date"),
    ("conversation", "state", "State", "string"), ("conversation", "priority", "Priority", "string"),
    ("conversation", "created_at", "Created", "date"),
)  # fmt: skip


def add_custom_attribute(
    store: SandboxStore, model: str, name: str, data_type: str, *, options: list[str] | None = None,
    messenger_writable: bool = True, description: str | None = None,
) -> dict[str, Any]:
    now = store.now()
    attribute = _attribute(
        model, name, name, data_type, full_name=f"custom_attributes.{name}", description=description or "",
        id=int(store.number_id("data_attribute", 53)), custom=True, ui_writable=False,
        messenger_writable=messenger_writable, admin_id=store.default_admin()["id"], created_at=now,
        updated_at=now,
    )
    if options:
        attribute["options"] = list(options)
    store.people.data_attributes.append(attribute)
    return attribute


def check_attribute_options(options: Any) -> list[str]:
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise invalid("Options isn't an array", "options")
    if len(options) < 2:
        raise invalid("Options must hold at least two values", "options")
    return options


def check_attribute_name(name: Any) -> str:
    if not isinstance(name, str) or not ATTRIBUTE_NAME.match(name):
        raise invalid(
            "Your name for this attribute must only contain alphanumeric characters, currency symbols, "
            "and hyphens", "name"
        )
    return name


def get_attribute(store: SandboxStore, attribute_id: str) -> dict[str, Any]:
    for attribute in store.people.data_attributes:
        if str(attribute.get("id")) == attribute_id:
            return attribute
    raise ApiError(404, "field_not_found", "We couldn't find that data attribute to update")


# ---- events -------------------------------------------------------------------------------


def iso(seconds: int | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def render_event(store: SandboxStore, event: dict[str, Any]) -> dict[str, Any]:
    contact = store.contacts.get(event["contact_id"]) or {}
    return {
        "type": "event",
        "id": event["id"],
        "event_name": event["event_name"],
        "created_at": event["created_at"],
        "user_id": contact.get("external_id"),
        "intercom_user_id": event["contact_id"],
        "email": contact.get("email") or "",
        "metadata": dict(event["metadata"]),
    }


def event_totals(store: SandboxStore, contact_id: str) -> list[dict[str, Any]]:
    """Per event name: count, first and last time, from the events plus the summaries pushed."""
    totals: dict[str, dict[str, Any]] = {}
    for event in store.people.events:
        if event["contact_id"] != contact_id:
            continue
        total = totals.setdefault(event["event_name"], {"count": 0, "first": None, "last": None})
        total["count"] += 1
        total["first"] = min(filter(None, (total["first"], event["created_at"])))
        total["last"] = max(filter(None, (total["last"], event["created_at"])))
    for name, pushed in store.people.event_summaries.get(contact_id, {}).items():
        total = totals.setdefault(name, {"count": 0, "first": None, "last": None})
        total["count"] += pushed["count"]
        for key, pick in (("first", min), ("last", max)):
            if pushed.get(key) is not None:
                total[key] = pick(filter(None, (total[key], pushed[key])))
    return [{"name": name, "first": iso(t["first"]), "last": iso(t["last"]), "count": t["count"],
             "description": None} for name, t in sorted(totals.items())]


# ---- visitors -----------------------------------------------------------------------------


def add_visitor(store: SandboxStore, user_id: str, pseudonym: str, location: dict[str, Any]) -> Record:
    at = store.app["created_at"]
    visitor = {
        "id": store.hex_id(), "user_id": user_id, "name": None, "pseudonym": pseudonym, "email": "",
        "created_at": at, "updated_at": at, "last_request_at": at, "session_count": 1,
        "location": dict(location), "custom_attributes": {},
    }  # fmt: skip
    store.people.visitors[visitor["id"]] = visitor
    return visitor


def find_visitor(store: SandboxStore, ref: dict[str, Any]) -> dict[str, Any]:
    for visitor in store.people.visitors.values():
        if ((ref.get("id") and visitor["id"] == ref["id"])
                or (ref.get("user_id") and visitor["user_id"] == ref["user_id"])
                or (ref.get("email") and visitor["email"] and visitor["email"] == ref["email"])):
            return visitor
    raise not_found("Visitor Not Found")


def render_visitor(store: SandboxStore, visitor: dict[str, Any]) -> dict[str, Any]:
    location = visitor["location"]
    return {
        "type": "visitor", "id": visitor["id"], "user_id": visitor["user_id"], "anonymous": True,
        "email": visitor["email"], "phone": None, "name": visitor["name"], "pseudonym": visitor["pseudonym"],
        "avatar": {"type": "avatar", "image_url": None}, "app_id": store.app["id_code"],
        "companies": {"type": "company.list", "companies": []},
        "location_data": {"type": "location_data", **location},
        "last_request_at": visitor["last_request_at"], "created_at": visitor["created_at"],
        "remote_created_at": None, "signed_up_at": None, "updated_at": visitor["updated_at"],
        "session_count": visitor["session_count"],
        "social_profiles": {"type": "social_profile.list", "social_profiles": []}, "owner_id": None,
        "unsubscribed_from_emails": False, "marked_email_as_spam": False, "has_hard_bounced": False,
        "tags": {"type": "tag.list", "tags": []}, "segments": {"type": "segment.list", "segments": []},
        "custom_attributes": dict(visitor["custom_attributes"]), "referrer": None, "utm_campaign": None,
        "utm_content": None, "utm_medium": None, "utm_source": None, "utm_term": None, "do_not_track": None,
    }  # fmt: skip


# ---- the seeded workspace -----------------------------------------------------------------


def seed_people(store: SandboxStore) -> None:
    """Segments, subscription types, data attributes and visitors every sandbox starts with."""
    add_segment(store, "Active users", "user", "contact", lambda s, c: c["role"] == "user")
    add_segment(store, "All leads", "contact", "contact", lambda s, c: c["role"] == "lead")
    add_segment(store, "VIP customers", "user", "contact", _has_tag("VIP"))
    add_segment(store, "Enterprise companies", "user", "company", _on_plan("Enterprise"))
    for name, consent, description in (
        ("Newsletter", "opt_in", "Our monthly newsletter"),
        ("Product updates", "opt_out", "News about features we ship"),
    ):
        type_id = store.number_id("subscription_type", 37_846)
        store.people.subscription_types[type_id] = {
            "id": type_id, "name": name, "description": description, "state": "live",
            "consent_type": consent, "content_types": ["email"],
        }  # fmt: skip
    for model, name, label, data_type in BUILT_IN_ATTRIBUTES:
        store.people.data_attributes.append(_attribute(model, name, label, data_type))
    add_custom_attribute(store, "contact", "plan_tier", "string", options=["starter", "pro", "enterprise"])
    add_visitor(store, "8a88a590-e1c3-41e2-a502-e0649dbf721c", "Teal Heron from Porto", {
        "city_name": "Porto", "continent_code": "EU", "country_code": "PRT", "country_name": "Portugal",
        "postal_code": "4000-322", "region_name": "Porto", "timezone": "Europe/Lisbon"})
    add_visitor(store, "1f6d7b4e-3c2a-4d9e-8b1f-7a6c5e4d3b2a", "Amber Fox from Lyon", {
        "city_name": "Lyon", "continent_code": "EU", "country_code": "FRA", "country_name": "France",
        "postal_code": "69001", "region_name": "Auvergne-Rhone-Alpes", "timezone": "Europe/Paris"})
