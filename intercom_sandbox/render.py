"""Turn store records into the JSON shapes of the Intercom 2.10 spec.

Only this module decides what a response looks like; records may carry sandbox-only keys
(prefixed `_`) that never leave here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .people import render_segment, segments_of
from .store import NULLABLE_CONTACT_FIELDS

if TYPE_CHECKING:
    from .store import SandboxStore

# Contacts embed only the first slice of their tags/notes/companies, like Intercom does.
EMBEDDED_LIST_LIMIT = 10

# What a contact answer carries as plain fields: the nullable ones plus the always-set ones.
_CONTACT_SCALARS = (
    "role", "has_hard_bounced", "marked_email_as_spam", "unsubscribed_from_emails", "created_at",
    "updated_at", *(f for f in NULLABLE_CONTACT_FIELDS if f != "avatar"),
)  # fmt: skip


def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "", "0") else None


def addressable_list(items: list[dict[str, Any]], url: str) -> dict[str, Any]:
    return {
        "type": "list",
        "data": items[:EMBEDDED_LIST_LIMIT],
        "url": url,
        "total_count": len(items),
        "has_more": len(items) > EMBEDDED_LIST_LIMIT,
    }


# ---- workspace ----------------------------------------------------------------------------


def admin(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "admin",
        "id": record["id"],
        "name": record["name"],
        "email": record["email"],
        "job_title": record["job_title"],
        "away_mode_enabled": record["away_mode_enabled"],
        "away_mode_reassign": record["away_mode_reassign"],
        "has_inbox_seat": record["has_inbox_seat"],
        "team_ids": [int(team_id) for team_id in record["team_ids"]],
        "avatar": record["avatar"],
    }


def me(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    body = admin(record)
    body["avatar"] = {"type": "avatar", "image_url": record["avatar"]}
    body["email_verified"] = True
    body["app"] = {"type": "app", **store.app}
    return body


def team(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "team",
        "id": record["id"],
        "name": record["name"],
        "admin_ids": [int(admin_id) for admin_id in record["admin_ids"]],
        "admin_priority_level": {"primary_admin_ids": None, "secondary_admin_ids": None},
    }


def tag(record: dict[str, Any], applied: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "tag", "id": record["id"], "name": record["name"]}
    if applied is not None:
        body["applied_at"] = applied["applied_at"]
        body["applied_by"] = {"type": "admin", "id": applied["applied_by"]}
    return body


# ---- contacts -----------------------------------------------------------------------------


def contact(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    contact_id = record["id"]
    email = record["email"] or ""
    body: dict[str, Any] = {"type": "contact", "id": contact_id, "workspace_id": store.app["id_code"]}
    for name in _CONTACT_SCALARS:
        body[name] = record[name]
    # The spec types email/email_domain as plain strings: contacts without one get "".
    # As live: a contact without an email (a lead met in the Messenger) has email null.
    body["email"] = email or None
    body["email_domain"] = email.rpartition("@")[2] if "@" in email else ""
    body["avatar"] = {"type": "avatar", "image_url": record["avatar"]} if record["avatar"] else None
    body["custom_attributes"] = dict(record["custom_attributes"])
    tag_ids = list(store.contact_tags.get(contact_id, {}))
    body["tags"] = addressable_list(
        [{"type": "tag", "id": t, "url": f"/tags/{t}"} for t in tag_ids], f"/contacts/{contact_id}/tags"
    )
    note_ids = [n["id"] for n in store.notes.values() if n["contact_id"] == contact_id]
    body["notes"] = addressable_list(
        [{"type": "note", "id": n, "url": f"/notes/{n}"} for n in reversed(note_ids)],
        f"/contacts/{contact_id}/notes",
    )
    company_ids = store.contact_companies.get(contact_id, [])
    body["companies"] = addressable_list(
        [{"type": "company", "id": c, "url": f"/companies/{c}"} for c in company_ids],
        f"/contacts/{contact_id}/companies",
    )
    location = record["location"]
    body["location"] = {
        "type": "location",
        "country": location.get("country"),
        "region": location.get("region"),
        "city": location.get("city"),
        "country_code": location.get("country_code"),
        "continent_code": location.get("continent_code"),
    }
    body["social_profiles"] = {"type": "list", "data": []}
    return body


def contact_reference(record: dict[str, Any]) -> dict[str, Any]:
    return {"type": "contact", "id": record["id"], "external_id": record["external_id"]}


def note(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    author = admin(store.admins[record["admin_id"]])
    return {
        "type": "note",
        "id": record["id"],
        "created_at": record["created_at"],
        "contact": {"type": "contact", "id": record["contact_id"]},
        "author": author,
        "body": record["body"],
    }


# ---- companies ----------------------------------------------------------------------------


def company(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    plan = record["plan"]
    return {
        "type": "company",
        "id": record["id"],
        "company_id": record["company_id"],
        "app_id": store.app["id_code"],
        "name": record["name"] or "",
        "plan": {"type": "plan", "id": plan["id"], "name": plan["name"]} if plan else {},
        "remote_created_at": record["remote_created_at"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
        "last_request_at": record["last_request_at"],
        "size": record["size"],
        "website": record["website"] or "",
        "industry": record["industry"] or "",
        "monthly_spend": record["monthly_spend"],
        "session_count": record["session_count"],
        "user_count": store.company_user_count(record["id"]),
        "custom_attributes": {k: str(v) for k, v in record["custom_attributes"].items()},
        "tags": {
            "type": "tag.list",
            "tags": [tag(store.tags[t]) for t in record["tag_ids"] if t in store.tags],
        },
        "segments": {
            "type": "segment.list",
            "segments": [render_segment(store, s) for s in segments_of(store, record, "company")],
        },
    }


# ---- conversations ------------------------------------------------------------------------


def conversation_tags(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    tags = [tag(store.tags[t], applied) for t, applied in record["_tags"].items() if t in store.tags]
    return {"type": "tag.list", "tags": tags}


# The live API sends every one of these keys, null until it applies (the 2.10 description
# types them as plain integers, and an omitted key would hide that from clients).
STATISTICS_KEYS = (
    "time_to_assignment", "time_to_admin_reply", "time_to_first_close", "time_to_last_close",
    "median_time_to_reply", "first_contact_reply_at", "first_assignment_at", "first_admin_reply_at",
    "first_close_at", "last_assignment_at", "last_assignment_admin_reply_at", "last_contact_reply_at",
    "last_admin_reply_at", "last_close_at", "last_closed_by_id", "count_reopens", "count_assignments",
    "count_conversation_parts",
)  # fmt: skip


def conversation_statistics(record: dict[str, Any]) -> dict[str, Any]:
    """Every statistics key, null when unset; durations follow from the timestamps."""
    stats = record["statistics"]
    body: dict[str, Any] = {"type": "conversation_statistics", **dict.fromkeys(STATISTICS_KEYS)}
    body.update({key: value for key, value in stats.items() if key in body})

    def seconds_until(key: str) -> int | None:
        at = stats.get(key)
        return at - record["created_at"] if at is not None else None

    body["time_to_assignment"] = seconds_until("first_assignment_at")
    body["time_to_admin_reply"] = seconds_until("first_admin_reply_at")
    body["time_to_first_close"] = seconds_until("first_close_at")
    body["time_to_last_close"] = seconds_until("last_close_at")
    # The sandbox keeps no per-reply history: the first reply time stands in for the median.
    body["median_time_to_reply"] = body["time_to_admin_reply"]
    # Live sends the closing teammate's id as an integer (the description says string).
    body["last_closed_by_id"] = _int_or_none(stats.get("last_closed_by_id"))
    return body


def conversation(store: SandboxStore, record: dict[str, Any], *, with_parts: bool = True) -> dict[str, Any]:
    contacts = [store.contacts[c] for c in record["contact_ids"] if c in store.contacts]
    body: dict[str, Any] = {
        "type": "conversation",
        "id": record["id"],
        "title": record["title"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
        "waiting_since": record["waiting_since"],
        "snoozed_until": record["snoozed_until"],
        "open": record["open"],
        "state": record["state"],
        "read": record["read"],
        "priority": record["priority"],
        "admin_assignee_id": _int_or_none(record["admin_assignee_id"]),
        "team_assignee_id": _int_or_none(record["team_assignee_id"]),
        "tags": conversation_tags(store, record),
        "conversation_rating": None,
        "source": dict(record["source"]),
        "contacts": {"type": "contact.list", "contacts": [contact_reference(c) for c in contacts]},
        # Live lists them under `admins`; the 2.10 description says `teammates.teammates`.
        "teammates": {
            "type": "admin.list",
            "admins": [{"type": "admin", "id": admin_id} for admin_id in record["teammate_ids"]],
        },
        "custom_attributes": dict(record["custom_attributes"]),
        "first_contact_reply": {
            "created_at": record["first_contact_reply_at"],
            "type": "conversation",
            "url": None,
        }
        if record["first_contact_reply_at"]
        else None,
        "sla_applied": None,
        "statistics": conversation_statistics(record),
        "linked_objects": {"type": "list", "data": [], "total_count": 0, "has_more": False},
    }
    if with_parts:
        # Intercom returns at most the 500 most recent parts.
        parts = record["parts"][-500:]
        body["conversation_parts"] = {
            "type": "conversation_part.list",
            "conversation_parts": [{"type": "conversation_part", **p} for p in parts],
            "total_count": len(parts),
        }
    return body


# ---- tickets ------------------------------------------------------------------------------

TICKET_STATE_LABELS = {
    "submitted": "Submitted",
    "in_progress": "In progress",
    "waiting_on_customer": "Waiting on customer",
    "resolved": "Resolved",
}


def ticket_type_attribute(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    return {"type": "ticket_type_attribute", "workspace_id": store.app["id_code"], **record}


def ticket_type(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "ticket_type",
        "id": record["id"],
        "category": record["category"],
        "name": record["name"],
        "description": record["description"],
        "icon": record["icon"],
        "workspace_id": store.app["id_code"],
        "ticket_type_attributes": {
            "type": "list",
            "ticket_type_attributes": [ticket_type_attribute(store, a) for a in record["attributes"]],
        },
        "archived": record.get("archived", False),
        "is_internal": record.get("is_internal", False),
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
    }


def ticket(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    contacts = [store.contacts[c] for c in record["contact_ids"] if c in store.contacts]
    state = record["ticket_state"]
    return {
        "type": "ticket",
        "id": record["id"],
        "ticket_id": record["ticket_id"],
        "category": record["category"],
        "ticket_attributes": dict(record["ticket_attributes"]),
        "ticket_state": state,
        "ticket_state_internal_label": TICKET_STATE_LABELS[state],
        "ticket_state_external_label": TICKET_STATE_LABELS[state],
        "ticket_type": ticket_type(store, store.ticket_types[record["ticket_type_id"]]),
        "contacts": {"type": "contact.list", "contacts": [contact_reference(c) for c in contacts]},
        "admin_assignee_id": record["admin_assignee_id"],
        "team_assignee_id": record["team_assignee_id"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
        "open": record["open"],
        "linked_objects": {"type": "list", "data": [], "total_count": 0, "has_more": False},
        "ticket_parts": {
            "type": "ticket_part.list",
            "ticket_parts": [{"type": "ticket_part", **p} for p in record["parts"]],
            "total_count": len(record["parts"]),
        },
        "is_shared": record.get("is_shared", False),
        # Only a snoozed ticket carries snoozed_until (the description types it as a plain integer).
        **({"snoozed_until": record["snoozed_until"]} if record.get("snoozed_until") else {}),
    }
