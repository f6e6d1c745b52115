"""In-memory state of one sandbox workspace, plus the record factories routes and seeding share.

Records are plain dicts keyed by API field names, so search can read them directly; anything
only the sandbox needs (insertion order, relations) lives under keys starting with `_` or in
side tables, and `render.py` decides what the API shows.
"""

from __future__ import annotations

import itertools
import random
import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .clock import SandboxClock
from .config import SandboxConfig
from .content_state import ContentState
from .errors import ApiError, not_found
from .people_state import PeopleState
from .table import Table
from .webhooks import WebhookDispatcher

WORKSPACE_ID_CODE = "sbx1234"

CONTACT_ROLES = ("user", "lead")

# Contact fields a client may set on create/update, with the JSON types each accepts.
_WRITABLE_CONTACT_FIELDS: dict[str, tuple[type, ...]] = {
    "role": (str,),
    "external_id": (str,),
    "email": (str,),
    "phone": (str,),
    "name": (str,),
    "avatar": (str,),
    "signed_up_at": (int,),
    "last_seen_at": (int,),
    "owner_id": (int,),
    "unsubscribed_from_emails": (bool,),
    "custom_attributes": (dict,),
}

# Every optional scalar a contact carries, all null until something sets them.
NULLABLE_CONTACT_FIELDS = (
    "external_id", "phone", "name", "avatar", "owner_id", "signed_up_at", "last_seen_at",
    "last_replied_at", "last_contacted_at", "last_email_opened_at", "last_email_clicked_at",
    "language_override", "browser", "browser_version", "browser_language", "os",
    "android_app_name", "android_app_version", "android_device", "android_os_version",
    "android_sdk_version", "android_last_seen_at", "ios_app_name", "ios_app_version", "ios_device",
    "ios_os_version", "ios_sdk_version", "ios_last_seen_at",
)  # fmt: skip


@dataclass
class OAuthState:
    """Codes waiting for exchange and the tokens handed out for them."""

    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)
    revoked: set[str] = field(default_factory=set)


@dataclass
class CompanyScroll:
    param: str
    offset: int
    last_used: float


class SandboxStore:
    """Everything the sandbox knows. Mutate only while holding ``lock``."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.clock = SandboxClock(config.now)
        # One lock for all state: API handlers, the webhook thread and tests share the store.
        self.lock = threading.RLock()
        self.rng = random.Random(config.random_seed)
        self._seq = itertools.count(1)
        self._numbers: dict[str, itertools.count[int]] = {}

        self.app: dict[str, Any] = {}
        self.admins: dict[str, dict[str, Any]] = {}
        self.teams: dict[str, dict[str, Any]] = {}
        self.tags: dict[str, dict[str, Any]] = {}
        # Tables keep creation order indexed, so a page of a list never reads the whole table.
        self.contacts: Table = Table()
        # contact id -> tag id -> {"applied_at", "applied_by"}
        self.contact_tags: dict[str, dict[str, dict[str, Any]]] = {}
        # contact id -> company ids, in attach order
        self.contact_companies: dict[str, list[str]] = {}
        self._company_users: Counter[str] = Counter()
        self.notes: dict[str, dict[str, Any]] = {}
        self.companies: Table = Table()
        self.conversations: Table = Table()
        self.ticket_types: dict[str, dict[str, Any]] = {}
        self.tickets: Table = Table()
        # What teammates did, oldest first (GET /admins/activity_logs).
        self.activity_logs: list[dict[str, Any]] = []
        self.oauth = OAuthState()
        self.company_scroll: CompanyScroll | None = None
        # Help center, news and data exports (intercom_sandbox/content.py).
        self.content = ContentState()
        # Segments, subscriptions, data attributes, events, visitors (intercom_sandbox/people.py).
        self.people = PeopleState()

        self.webhooks = WebhookDispatcher(config, self.clock, app_id=WORKSPACE_ID_CODE)

    # ---- identifiers -------------------------------------------------------------------

    def next_seq(self) -> int:
        """Creation order; the tie-breaker of every sort so pages are stable."""
        return next(self._seq)

    def hex_id(self) -> str:
        """A 24-hex-character id like Intercom's contact and company ids."""
        return f"{self.rng.getrandbits(96):024x}"

    def number_id(self, kind: str, start: int) -> str:
        """Numeric string ids (conversations, parts, notes, tags...), one counter per kind."""
        counter = self._numbers.setdefault(kind, itertools.count(start))
        return str(next(counter))

    def now(self) -> int:
        return self.clock.now()

    # ---- webhooks ----------------------------------------------------------------------

    @property
    def webhook_log(self) -> list[dict[str, Any]]:
        return self.webhooks.log

    def emit(self, topic: str, item: dict[str, Any]) -> None:
        """Queue a notification; delivery happens on the dispatcher's thread."""
        self.webhooks.emit(topic, item)

    def close(self) -> None:
        self.webhooks.close()

    # ---- lookups -----------------------------------------------------------------------

    def get_contact(self, contact_id: str) -> dict[str, Any]:
        contact = self.contacts.get(str(contact_id))
        if contact is None:
            raise not_found("User Not Found")
        return contact

    def find_contact(self, *, email: str | None = None, external_id: str | None = None) -> dict | None:
        for contact in self.contacts.values():
            if email is not None and contact["email"] and contact["email"].lower() == email.lower():
                return contact
            if external_id is not None and contact["external_id"] == external_id:
                return contact
        return None

    def get_admin(self, admin_id: Any, *, field: str = "admin_id") -> dict[str, Any]:
        admin = self.admins.get(str(admin_id)) if admin_id is not None else None
        if admin is None:
            raise ApiError(404, "admin_not_found", "Admin not found", field)
        return admin

    def get_team(self, team_id: Any) -> dict[str, Any]:
        team = self.teams.get(str(team_id))
        if team is None:
            raise ApiError(404, "team_not_found", "Team not found")
        return team

    def get_tag(self, tag_id: Any) -> dict[str, Any]:
        tag = self.tags.get(str(tag_id))
        if tag is None:
            raise ApiError(404, "tag_not_found", "Tag not found")
        return tag

    def get_company(self, company_id: str) -> dict[str, Any]:
        company = self.companies.get(company_id)
        if company is None:
            raise ApiError(404, "company_not_found", "Company Not Found")
        return company

    def get_conversation(self, conversation_id: str) -> dict[str, Any]:
        conversation = self.conversations.get(conversation_id)
        if conversation is None:
            raise not_found("Conversation not found")
        return conversation

    def get_ticket(self, ticket_id: str) -> dict[str, Any]:
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise ApiError(404, "ticket_not_found", "Ticket not found")
        return ticket

    def default_admin(self) -> dict[str, Any]:
        return next(iter(self.admins.values()))

    def log_activity(
        self,
        admin: dict[str, Any],
        activity_type: str,
        description: str,
        metadata: dict[str, Any] | None = None,
        *,
        at: int | None = None,
    ) -> dict[str, Any]:
        entry = {
            "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "performed_by": {"type": "admin", "id": admin["id"], "email": admin["email"], "ip": "127.0.0.1"},
            "metadata": metadata or {},
            "created_at": at if at is not None else self.now(),
            "activity_type": activity_type,
            "activity_description": description,
            "_seq": self.next_seq(),
        }
        self.activity_logs.append(entry)
        return entry

    # ---- record factories --------------------------------------------------------------

    def add_admin(self, name: str, email: str, **extra: Any) -> dict[str, Any]:
        admin = {
            "id": self.number_id("admin", 991_267_001),
            "name": name,
            "email": email,
            "job_title": extra.get("job_title", ""),
            "away_mode_enabled": False,
            "away_mode_reassign": False,
            "has_inbox_seat": True,
            "team_ids": [],
            "avatar": None,
        }
        self.admins[admin["id"]] = admin
        return admin

    def add_team(self, name: str, admin_ids: list[str]) -> dict[str, Any]:
        team = {"id": self.number_id("team", 5_017_001), "name": name, "admin_ids": list(admin_ids)}
        self.teams[team["id"]] = team
        for admin_id in admin_ids:
            self.admins[admin_id]["team_ids"].append(team["id"])
        return team

    def find_tag_by_name(self, name: str) -> dict[str, Any] | None:
        return next((t for t in self.tags.values() if t["name"].lower() == name.lower()), None)

    def add_tag(self, name: str) -> dict[str, Any]:
        tag = {"id": self.number_id("tag", 101), "name": name, "_seq": self.next_seq()}
        self.tags[tag["id"]] = tag
        return tag

    def add_contact(self, fields: dict[str, Any], *, created_at: int | None = None) -> dict[str, Any]:
        """Build a contact from already-validated writable fields."""
        ts = created_at if created_at is not None else self.now()
        contact: dict[str, Any] = {name: None for name in NULLABLE_CONTACT_FIELDS}
        contact.update(
            id=self.hex_id(),
            role="user",
            email=None,
            has_hard_bounced=False,
            marked_email_as_spam=False,
            unsubscribed_from_emails=False,
            created_at=ts,
            updated_at=ts,
            custom_attributes={},
            location={"country": None, "region": None, "city": None},
            _seq=self.next_seq(),
        )
        apply_contact_fields(contact, fields)
        self.contacts[contact["id"]] = contact
        return contact

    def add_company(self, fields: dict[str, Any], *, created_at: int | None = None) -> dict[str, Any]:
        ts = created_at if created_at is not None else self.now()
        company = {
            "id": self.hex_id(),
            "company_id": None,
            "name": None,
            "plan": None,
            "size": 0,
            "website": None,
            "industry": None,
            "monthly_spend": 0,
            "session_count": 0,
            "remote_created_at": ts,
            "created_at": ts,
            "updated_at": ts,
            "last_request_at": ts,
            "custom_attributes": {},
            "tag_ids": [],
            "_seq": self.next_seq(),
        }
        company.update(fields)
        self.companies[company["id"]] = company
        return company

    def attach_company(self, contact_id: str, company_id: str) -> None:
        linked = self.contact_companies.setdefault(contact_id, [])
        if company_id not in linked:
            linked.append(company_id)
            self._company_users[company_id] += 1

    def detach_company(self, contact_id: str, company_id: str) -> bool:
        """The contact leaves one company; False when it did not belong to it."""
        linked = self.contact_companies.get(contact_id, [])
        if company_id not in linked:
            return False
        linked.remove(company_id)
        self._company_users[company_id] -= 1
        return True

    def detach_companies(self, contact_id: str) -> None:
        """The contact leaves every company it belonged to (it is being deleted)."""
        for company_id in self.contact_companies.pop(contact_id, []):
            self._company_users[company_id] -= 1

    def detach_contacts(self, company_id: str) -> None:
        """Every contact leaves the company (it is being deleted)."""
        for linked in self.contact_companies.values():
            if company_id in linked:
                linked.remove(company_id)
        self._company_users.pop(company_id, None)

    def company_user_count(self, company_id: str) -> int:
        # Counted as links are made: each company on a page would otherwise scan every contact.
        return self._company_users[company_id]

    def add_note(self, contact: dict[str, Any], admin: dict[str, Any], body: str) -> dict[str, Any]:
        note = {
            "id": self.number_id("note", 1),
            "created_at": self.now(),
            "contact_id": contact["id"],
            "admin_id": admin["id"],
            "body": body,
            "_seq": self.next_seq(),
        }
        self.notes[note["id"]] = note
        return note

    def add_conversation(
        self, contact: dict[str, Any], body: str, *, subject: str = "", created_at: int | None = None
    ) -> dict[str, Any]:
        """A contact-initiated in-app conversation, open and waiting for an admin."""
        ts = created_at if created_at is not None else self.now()
        conversation: dict[str, Any] = {
            "id": self.number_id("conversation", 100_001),
            "title": None,
            "created_at": ts,
            "updated_at": ts,
            "waiting_since": ts,
            "snoozed_until": None,
            "open": True,
            "state": "open",
            "read": False,
            "priority": "not_priority",
            "admin_assignee_id": None,
            "team_assignee_id": None,
            "source": {
                "type": "conversation",
                "id": self.number_id("message", 403_918_001),
                "delivered_as": "customer_initiated",
                "subject": subject,
                "body": as_html(body),
                "author": author_of_contact(contact),
                "attachments": [],
                "url": None,
                "redacted": False,
            },
            "contact_ids": [contact["id"]],
            "teammate_ids": [],
            "_tags": {},
            "parts": [],
            "custom_attributes": {},
            "channel_initiated": "conversation",
            "first_contact_reply_at": ts,
            # Only what has happened; render.conversation_statistics fills the rest with null.
            "statistics": {
                "first_contact_reply_at": ts,
                "last_contact_reply_at": ts,
                "count_reopens": 0,
                "count_assignments": 0,
                "count_conversation_parts": 1,
            },
            "_seq": self.next_seq(),
        }
        self.conversations[conversation["id"]] = conversation
        return conversation

    def add_part(
        self,
        conversation: dict[str, Any],
        part_type: str,
        author: dict[str, Any],
        body: str | None = None,
        *,
        assigned_to: dict[str, Any] | None = None,
        created_at: int | None = None,
    ) -> dict[str, Any]:
        ts = created_at if created_at is not None else self.now()
        part = {
            "id": self.number_id("part", 7_001),
            "part_type": part_type,
            "body": as_html(body) if body else None,
            "created_at": ts,
            "updated_at": ts,
            "notified_at": ts,
            "assigned_to": assigned_to,
            "author": author,
            "attachments": [],
            "external_id": None,
            "redacted": False,
        }
        conversation["parts"].append(part)
        conversation["updated_at"] = max(conversation["updated_at"], ts)
        stats = conversation["statistics"]
        stats["count_conversation_parts"] = stats.get("count_conversation_parts", 1) + 1
        return part


# ---- helpers shared with routes and seeding ----------------------------------------------


def apply_contact_fields(contact: dict[str, Any], fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name == "custom_attributes":
            contact["custom_attributes"].update(value or {})
        else:
            contact[name] = value


def validate_contact_fields(body: dict[str, Any]) -> dict[str, Any]:
    """Keep the writable fields of a create/update body, refusing wrongly typed values."""
    fields: dict[str, Any] = {}
    for name, types in _WRITABLE_CONTACT_FIELDS.items():
        if name not in body:
            continue
        value = body[name]
        if value is not None and (
            not isinstance(value, types) or (bool not in types and isinstance(value, bool))
        ):
            raise ApiError(400, "parameter_invalid", f"{name} has an invalid type", name)
        fields[name] = value
    if "role" in fields and fields["role"] not in CONTACT_ROLES:
        raise ApiError(400, "parameter_invalid", "role must be one of: user, lead", "role")
    custom = fields.get("custom_attributes")
    if custom:
        for key, value in custom.items():
            if isinstance(value, dict | list):
                raise ApiError(400, "parameter_invalid", f"custom attribute '{key}' must be a scalar", key)
    return fields


def as_html(text: str | None) -> str | None:
    """Intercom stores message bodies as HTML and wraps plain text in a paragraph."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped if stripped.startswith("<") else f"<p>{stripped}</p>"


def author_of_contact(contact: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": contact["role"],
        "id": contact["id"],
        "name": contact["name"],
        "email": contact["email"] or "",
    }


def author_of_admin(admin: dict[str, Any]) -> dict[str, Any]:
    return {"type": "admin", "id": admin["id"], "name": admin["name"], "email": admin["email"]}
