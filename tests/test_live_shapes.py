"""The item schemas accept records shaped the way the live Intercom API sends them.

The 2.10 OpenAPI description and the live API disagree in places (statistics keys that are
null, integer ids, ``teammates.admins``, leads without email, admin messages without a
conversation). Every record below is written by us, with our own values, in the live shape; each
case names the variant it carries, so a schema that is stricter than reality fails here.
Schemas are validated as shipped, file by file: they must not need another file to resolve.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "intercom" / "schemas"
# Our own envelope around trigger records, not something Intercom sends.
NOT_INTERCOM_SHAPES = {"trigger_event"}

STATISTICS_KEYS = (
    "time_to_assignment", "time_to_admin_reply", "time_to_first_close", "time_to_last_close",
    "median_time_to_reply", "first_contact_reply_at", "first_assignment_at", "first_admin_reply_at",
    "first_close_at", "last_assignment_at", "last_assignment_admin_reply_at", "last_contact_reply_at",
    "last_admin_reply_at", "last_close_at", "last_closed_by_id", "count_reopens", "count_assignments",
    "count_conversation_parts",
)


def load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def problems(name: str, record: dict[str, Any]) -> list[str]:
    schema = load(name)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = list(validator.iter_errors(record))
    if not errors:
        return []
    worst = best_match(errors)
    return [f"{'/'.join(map(str, worst.absolute_path)) or '<root>'}: {worst.message}"] + [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors if e is not worst
    ]


def declared(name: str, dotted: str) -> dict[str, Any]:
    """The sub-schema a Designer variable would come from, e.g. ``teammates.admins[].id``."""
    node = load(name)
    for part in dotted.split("."):
        many = part.endswith("[]")
        node = node["properties"][part.removesuffix("[]")]
        if many:
            node = node["items"]
    return node


def changed(record: dict[str, Any], **paths: Any) -> dict[str, Any]:
    """A copy of ``record`` with ``a__b=value`` set at record["a"]["b"] (``DROP`` removes the key)."""
    out = copy.deepcopy(record)
    for dotted, value in paths.items():
        *parents, last = dotted.split("__")
        node = out
        for key in parents:
            node = node[key]
        if value is DROP:
            node.pop(last, None)
        else:
            node[last] = value
    return out


DROP = object()

# ---- live-shaped records ----------------------------------------------------------------

ADMIN_AVATAR = {"type": "avatar", "image_url": "https://static.example.test/avatars/ines.png"}

CONVERSATION = {
    "type": "conversation",
    "id": "4211",
    "title": None,
    "created_at": 1717400000,
    "updated_at": 1717403600,
    "waiting_since": None,
    "snoozed_until": None,
    "source": {
        "type": "conversation",
        "id": "88001",
        "delivered_as": "customer_initiated",
        "subject": "",
        "body": "<p>The export button does nothing.</p>",
        "author": {"type": "user", "id": "6650a1b2c3d4e5f600000001", "name": "Maru Okafor", "email": "maru@example.test"},
        "attachments": [],
        "url": None,
        "redacted": False,
    },
    "contacts": {
        "type": "contact.list",
        "contacts": [{"type": "contact", "id": "6650a1b2c3d4e5f600000001", "external_id": "cust-77"}],
    },
    "first_contact_reply": {"created_at": 1717400000, "type": "conversation", "url": None},
    "admin_assignee_id": 7301,
    "team_assignee_id": None,
    "open": True,
    "state": "open",
    "read": True,
    "tags": {"type": "tag.list", "tags": []},
    "priority": "not_priority",
    "sla_applied": None,
    "statistics": {
        "type": "conversation_statistics",
        "time_to_assignment": 0,
        "time_to_admin_reply": 540,
        "time_to_first_close": None,
        "time_to_last_close": None,
        "median_time_to_reply": 540,
        "first_contact_reply_at": 1717400000,
        "first_assignment_at": 1717400000,
        "first_admin_reply_at": 1717400540,
        "first_close_at": None,
        "last_assignment_at": 1717400000,
        "last_assignment_admin_reply_at": 1717400540,
        "last_contact_reply_at": 1717400000,
        "last_admin_reply_at": 1717400540,
        "last_close_at": None,
        "last_closed_by_id": None,
        "count_reopens": 0,
        "count_assignments": 1,
        "count_conversation_parts": 3,
    },
    "conversation_rating": None,
    "teammates": {"type": "admin.list", "admins": [{"type": "admin", "id": "7301"}]},
    "custom_attributes": {"Plan": "Team"},
    "topics": {"type": "topic.list", "topics": [], "total_count": 0},
    "ticket": None,
    "linked_objects": {"type": "list", "data": [], "total_count": 0, "has_more": False},
    "ai_agent_participated": False,
    "conversation_parts": {
        "type": "conversation_part.list",
        "conversation_parts": [
            {
                "type": "conversation_part",
                "id": "990001",
                "part_type": "assignment",
                "body": None,
                "created_at": 1717400000,
                "updated_at": 1717400000,
                "notified_at": 1717400000,
                "assigned_to": {"type": "admin", "id": "7301"},
                "author": {"id": "7290", "type": "bot", "name": "Routing bot", "email": None},
                "attachments": [],
                "external_id": None,
                "redacted": False,
            },
            {
                "type": "conversation_part",
                "id": "990002",
                "part_type": "comment",
                "body": "<p>Which browser are you using?</p>",
                "created_at": 1717400540,
                "updated_at": 1717400540,
                "notified_at": 1717400540,
                "assigned_to": None,
                "author": {"id": "7301", "type": "admin", "name": "Ines Duarte", "email": "ines@acme.test"},
                "attachments": [],
                "external_id": None,
                "redacted": False,
            },
        ],
        "total_count": 2,
    },
}

UNTOUCHED_STATISTICS = {"type": "conversation_statistics", **dict.fromkeys(STATISTICS_KEYS),
                        "count_reopens": 0, "count_assignments": 0, "count_conversation_parts": 1}

CONTACT_USER = {
    "type": "contact",
    "id": "6650a1b2c3d4e5f600000001",
    "workspace_id": "w0rk5p4c",
    "external_id": "cust-77",
    "role": "user",
    "email": "maru@example.test",
    "phone": None,
    "formatted_phone": None,
    "name": "Maru Okafor",
    "avatar": None,
    "owner_id": 7301,
    "social_profiles": {"type": "list", "data": []},
    "has_hard_bounced": False,
    "marked_email_as_spam": False,
    "unsubscribed_from_emails": False,
    "created_at": 1710000000,
    "updated_at": 1717400000,
    "signed_up_at": 1710000000,
    "last_seen_at": 1717399000,
    "last_replied_at": 1717400000,
    "last_contacted_at": None,
    "last_email_opened_at": None,
    "last_email_clicked_at": None,
    "language_override": None,
    "browser": "firefox",
    "browser_version": "126.0",
    "browser_language": "en-GB",
    "os": "Linux",
    "location": {"type": "location", "country": "Portugal", "region": "Lisbon", "city": "Lisbon",
                 "country_code": "PRT", "continent_code": "EU"},
    "android_app_name": None, "android_app_version": None, "android_device": None,
    "android_os_version": None, "android_sdk_version": None, "android_last_seen_at": None,
    "ios_app_name": None, "ios_app_version": None, "ios_device": None,
    "ios_os_version": None, "ios_sdk_version": None, "ios_last_seen_at": None,
    "custom_attributes": {"plan_name": "Team", "seats": 12},
    "tags": {"type": "list", "data": [{"type": "tag", "id": "31001", "url": "/tags/31001"}],
             "url": "/contacts/6650a1b2c3d4e5f600000001/tags", "total_count": 1, "has_more": False},
    "notes": {"type": "list", "data": [], "url": "/contacts/6650a1b2c3d4e5f600000001/notes",
              "total_count": 0, "has_more": False},
    "companies": {"type": "list", "data": [{"type": "company", "id": "66a0c0ffee0000000000000a",
                                            "url": "/companies/66a0c0ffee0000000000000a"}],
                  "url": "/contacts/6650a1b2c3d4e5f600000001/companies", "total_count": 1, "has_more": False},
    "opted_out_subscription_types": {"type": "list", "data": [], "url": "/contacts/6650a1b2c3d4e5f600000001/subscriptions",
                                     "total_count": 0, "has_more": False},
    "opted_in_subscription_types": {"type": "list", "data": [], "url": "/contacts/6650a1b2c3d4e5f600000001/subscriptions",
                                    "total_count": 0, "has_more": False},
    "utm_campaign": None, "utm_content": None, "utm_medium": None, "utm_source": None, "utm_term": None,
    "referrer": None,
    "sms_consent": False,
    "unsubscribed_from_sms": False,
    "enabled_push_messaging": None,
}

# A lead met in the Messenger: no email (null, not absent), no external id, avatar as a bare URL.
CONTACT_LEAD = changed(
    CONTACT_USER,
    id="6650a1b2c3d4e5f600000002", external_id=None, role="lead", email=None, email_domain=None,
    name=None, owner_id=None, signed_up_at=None,
    avatar="https://static.example.test/avatars/generated/lead-2.png",
)

ADMIN_MESSAGE = {
    "type": "admin_message",
    "id": "51002",
    "created_at": 1717410000,
    "subject": "Your workspace is ready",
    "body": "<p>Hi Maru, your workspace is ready.</p>",
    "message_type": "email",
    "template": "plain",
    "owner": {"type": "admin", "id": "7301", "name": "Ines Duarte", "email": "ines@acme.test"},
}

USER_MESSAGE = {
    "type": "user_message",
    "id": "51003",
    "created_at": 1717410100,
    "body": "Hello, I need help with the export.",
    "message_type": "inapp",
    "conversation_id": "4212",
}

ADMIN = {
    "type": "admin",
    "email": "ines@acme.test",
    "id": "7301",
    "name": "Ines Duarte",
    "job_title": None,
    "away_mode_enabled": False,
    "away_mode_reassign": False,
    "has_inbox_seat": True,
    "team_ids": [8101, 8102],
    "avatar": ADMIN_AVATAR,
    "team_priority_level": {"primary_team_ids": [8101], "secondary_team_ids": None},
}

ME = {
    **ADMIN,
    "email_verified": True,
    "avatar": {"type": "avatar", "image_url": None},
    "app": {"type": "app", "id_code": "w0rk5p4c", "name": "Acme Support", "region": "EU",
            "timezone": "Europe/Lisbon", "created_at": 1690000000, "identity_verification": False},
}

TAG = {"type": "tag", "id": "31001", "name": "beta tester"}

COMPANY = {
    "type": "company",
    "company_id": "acme-77",
    "id": "66a0c0ffee0000000000000a",
    "app_id": "w0rk5p4c",
    "name": "Okafor Labs",
    "remote_created_at": None,
    "created_at": 1710000000,
    "updated_at": 1717000000,
    "last_request_at": 1717399000,
    "monthly_spend": 49,
    "session_count": 0,
    "user_count": 3,
    "size": None,
    "website": None,
    "industry": None,
    "plan": {},
    "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "31002", "name": "enterprise"}]},
    "segments": {"type": "segment.list", "segments": []},
    "custom_attributes": {},
}

TICKET = {
    "type": "ticket",
    "id": "4301",
    "ticket_id": "17",
    "ticket_attributes": {"_default_title_": "Export fails", "_default_description_": "Since Monday"},
    "ticket_state": "submitted",
    "ticket_type": {
        "type": "ticket_type", "id": "2201", "name": "Bug", "description": "Something is broken",
        "icon": "🐞", "workspace_id": "w0rk5p4c", "archived": False, "created_at": 1700000000,
        "updated_at": 1700000000, "category": "Customer",
        "ticket_type_attributes": {"type": "list", "ticket_type_attributes": []},
    },
    "contacts": {"type": "contact.list", "contacts": [{"type": "contact", "id": "6650a1b2c3d4e5f600000001", "external_id": "cust-77"}]},
    "admin_assignee_id": "0",
    "team_assignee_id": "0",
    "created_at": 1717420000,
    "updated_at": 1717420000,
    "open": True,
    "snoozed_until": None,
    "linked_objects": {"type": "list", "data": [], "total_count": 0, "has_more": False},
    "ticket_parts": {"type": "ticket_part.list", "ticket_parts": [], "total_count": 0},
    "category": "Customer",
    "is_shared": True,
    "ticket_state_internal_label": "Submitted",
    "ticket_state_external_label": "Submitted",
}

TICKET_PART = {
    "type": "ticket_part",
    "id": "770001",
    "part_type": "ticket_state_updated_by_admin",
    "body": None,
    "previous_ticket_state": "submitted",
    "ticket_state": "in_progress",
    "created_at": 1717421000,
    "updated_at": 1717421000,
    "assigned_to": None,
    "author": {"id": "7301", "type": "admin", "name": "Ines Duarte", "email": "ines@acme.test"},
    "attachments": [],
    "external_id": None,
    "redacted": False,
}

TICKET_TYPE_ATTRIBUTE = {
    "type": "ticket_type_attribute",
    "id": "9901",
    "workspace_id": "w0rk5p4c",
    "name": "Browser",
    "description": "Where it happens",
    "data_type": "list",
    "input_options": {"list_options": [{"label": "Firefox", "id": "b1", "archived": False}]},
    "order": 2,
    "required_to_create": False,
    "required_to_create_for_contacts": False,
    "visible_on_create": True,
    "visible_to_contacts": True,
    "default": False,
    "ticket_type_id": 2201,
    "archived": False,
    "created_at": 1700000100,
    "updated_at": 1700000100,
}

VISITOR = {
    "type": "visitor",
    "id": "66b1visitor000000000001",
    "user_id": "3c1f0a52-visitor-example",
    "anonymous": True,
    "email": "",
    "phone": None,
    "name": None,
    "pseudonym": "Teal Heron from Porto",
    "avatar": {"type": "avatar", "image_url": None},
    "app_id": "w0rk5p4c",
    "companies": {"type": "company.list", "companies": []},
    "location_data": {"type": "location_data", "city_name": "Porto", "continent_code": "EU",
                      "country_code": "PRT", "country_name": "Portugal", "postal_code": None,
                      "region_name": "Porto", "timezone": "Europe/Lisbon"},
    "last_request_at": 1717430000,
    "created_at": 1717429000,
    "remote_created_at": None,
    "signed_up_at": None,
    "updated_at": 1717430000,
    "session_count": 1,
    "social_profiles": {"type": "social_profile.list", "social_profiles": []},
    "owner_id": None,
    "unsubscribed_from_emails": False,
    "marked_email_as_spam": False,
    "has_hard_bounced": False,
    "tags": {"type": "tag.list", "tags": []},
    "segments": {"type": "segment.list", "segments": []},
    "custom_attributes": {},
    "referrer": None,
    "utm_campaign": None, "utm_content": None, "utm_medium": None, "utm_source": None, "utm_term": None,
    "do_not_track": None,
}

# (schema, case id, record): each case id says the live variant that record carries.
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("conversation", "replied, not yet closed", CONVERSATION),
    ("conversation", "statistics: every key present, null when unset",
     changed(CONVERSATION, statistics=UNTOUCHED_STATISTICS, admin_assignee_id=None, teammates={"type": "admin.list", "admins": []})),
    ("conversation", "statistics.last_closed_by_id is an integer",
     changed(CONVERSATION, state="closed", open=False, statistics__last_closed_by_id=7301,
             statistics__first_close_at=1717403600, statistics__last_close_at=1717403600,
             statistics__time_to_first_close=3600, statistics__time_to_last_close=3600)),
    ("conversation", "source is null", changed(CONVERSATION, source=None)),
    ("conversation", "source.type and source.subject are null", changed(CONVERSATION, source__type=None, source__subject=None)),
    ("conversation", "first_contact_reply.type is null", changed(CONVERSATION, first_contact_reply__type=None)),
    ("conversation", "admin-initiated: no contact reply yet",
     changed(CONVERSATION, first_contact_reply=None, waiting_since=None,
             source__delivered_as="admin_initiated",
             source__author={"type": "admin", "id": "7301", "name": "Ines Duarte", "email": "ines@acme.test"})),
    ("conversation", "rated without a remark",
     changed(CONVERSATION, conversation_rating={"rating": 4, "remark": None, "created_at": 1717404000,
                                                "contact": {"type": "contact", "id": "6650a1b2c3d4e5f600000001", "external_id": None},
                                                "teammate": {"type": "admin", "id": 7301}})),
    ("conversation", "sla applied, status outside the 2.10 list",
     changed(CONVERSATION, sla_applied={"type": "conversation_sla_summary", "sla_name": "VIP", "sla_status": "paused"})),
    ("conversation_part", "bot part without email, assigned to nobody",
     {**CONVERSATION["conversation_parts"]["conversation_parts"][0], "assigned_to": {"type": "nobody_admin", "id": None}}),
    ("contact", "user", CONTACT_USER),
    ("contact", "lead: email null, avatar a plain URL string", CONTACT_LEAD),
    ("contact", "avatar as {type, image_url}", changed(CONTACT_USER, avatar={"type": "avatar", "image_url": "https://static.example.test/a.png"})),
    ("message", "admin-initiated: no conversation_id", ADMIN_MESSAGE),
    ("message", "admin-initiated in-app: subject null", changed(ADMIN_MESSAGE, message_type="inapp", subject=None, template=DROP)),
    ("message", "message_type outside the 2.10 list", changed(ADMIN_MESSAGE, message_type="sms", subject=None)),
    ("message", "contact-initiated", USER_MESSAGE),
    ("admin", "teammate with avatar object, integer team ids", ADMIN),
    ("admin", "GET /me with app and an empty avatar", ME),
    ("tag", "tag", TAG),
    ("company", "no plan (empty object), inline tags", COMPANY),
    ("contact_tag", "lead tagged",
     {"type": "contact_tag", "created_at": 1717440000, "tag": TAG,
      "contact": {"type": "contact", "id": "6650a1b2c3d4e5f600000002", "email": None, "external_id": None}}),
    ("ticket", "ticket_state as a string (2.10, 2.11)", TICKET),
    ("ticket", "ticket_state as an object (2.14+)",
     changed(TICKET, ticket_state={"type": "ticket_state", "id": "5501", "category": "submitted",
                                   "internal_label": "Submitted", "external_label": "Submitted"})),
    ("ticket", "assignee ids as integers", changed(TICKET, admin_assignee_id=7301, team_assignee_id=8101)),
    ("ticket_part", "state change by a teammate", TICKET_PART),
    ("ticket_part", "first part: no previous state", changed(TICKET_PART, part_type="comment", previous_ticket_state=None,
                                                             body="<p>Thanks, we are on it.</p>")),
    ("activity_log", "teammate logged in",
     {"id": "660001", "performed_by": {"type": "admin", "id": "7301", "email": "ines@acme.test", "ip": "192.0.2.10"},
      "metadata": {"sign_in_method": "email_password"}, "created_at": 1717450000,
      "activity_type": "admin_login_success", "activity_description": "Ines Duarte logged in."}),
    ("article", "published, statistics with nulls",
     {"type": "article", "id": "7701", "workspace_id": "w0rk5p4c", "title": "Exporting data",
      "description": None, "body": "<p>Open Settings, then Export.</p>", "author_id": 7301,
      "state": "published", "created_at": 1700000000, "updated_at": 1717000000,
      "url": "https://help.acme.test/en/articles/7701-exporting-data", "parent_id": 6601,
      "parent_ids": [6601], "parent_type": "collection", "default_locale": "en",
      "translated_content": {"type": "article_translated_content", "en": {"type": "article_content", "title": "Exporting data"}},
      "statistics": {"type": "article_statistics", "views": 0, "conversions": 0, "reactions": 0,
                     "happy_reaction_percentage": None, "neutral_reaction_percentage": None,
                     "sad_reaction_percentage": None}}),
    ("data_event", "webhook item", {"type": "event", "id": "ev-31", "event_name": "exported-report",
                                    "created_at": 1717460000, "user_id": "cust-77", "email": "maru@example.test",
                                    "intercom_user_id": "6650a1b2c3d4e5f600000001",
                                    "metadata": {"format": "csv", "rows": 1200}}),
    ("event", "GET /events item", {"type": "event", "id": "ev-32", "created_at": 1717460100,
                                   "event_name": "invited-teammate", "user_id": "cust-77",
                                   "intercom_user_id": "6650a1b2c3d4e5f600000001", "email": None,
                                   "metadata": {"invitee": "sam@example.test"}}),
    ("data_event_summary", "summary of a contact's events",
     {"type": "event.summary", "email": "maru@example.test", "intercom_user_id": "6650a1b2c3d4e5f600000001",
      "user_id": "cust-77", "events": [{"name": "exported-report", "first": "2024-05-02T09:00:00.000Z",
                                        "last": "2024-06-03T10:13:20.000Z", "count": 14, "description": None}]}),
    ("visitor", "anonymous visitor, empty email", VISITOR),
    ("visitor", "avatar as a plain URL string", changed(VISITOR, avatar="https://static.example.test/v.png")),
    ("team", "team with integer member ids",
     {"type": "team", "id": "8101", "name": "Billing", "admin_ids": [7301, 7302],
      "admin_priority_level": {"primary_admin_ids": [7301], "secondary_admin_ids": None}}),
    ("note", "note on a contact",
     {"type": "note", "id": "34001", "created_at": 1717470000,
      "contact": {"type": "contact", "id": "6650a1b2c3d4e5f600000001"},
      "author": {**ADMIN, "team_priority_level": None}, "body": "<p>Called about the renewal.</p>"}),
    ("segment", "segment without count",
     {"type": "segment", "id": "66c0segment0000000000001", "name": "Active last week", "created_at": 1700000000,
      "updated_at": 1717000000, "person_type": "user", "count": None}),
    ("subscription_type", "opt-out newsletter",
     {"type": "subscription", "id": "1201", "state": "live", "consent_type": "opt_out",
      "default_translation": {"name": "Newsletter", "description": "Monthly product news", "locale": "en"},
      "translations": [{"name": "Newsletter", "description": "Monthly product news", "locale": "en"}],
      "content_types": ["email"]}),
    ("data_attribute", "custom attribute with an integer id",
     {"type": "data_attribute", "id": 45001, "model": "contact", "name": "plan_name",
      "full_name": "custom_attributes.plan_name", "label": "Plan name", "description": "", "data_type": "string",
      "api_writable": True, "ui_writable": True, "messenger_writable": False, "custom": True, "archived": False,
      "admin_id": "7301", "created_at": 1700000000, "updated_at": 1700000000}),
    ("data_attribute", "built-in attribute: no id, no dates",
     {"type": "data_attribute", "name": "email", "full_name": "email", "label": "Email",
      "description": "The contact's email.", "data_type": "string", "api_writable": True, "ui_writable": True,
      "messenger_writable": True, "custom": False, "archived": False, "model": "contact"}),
    ("help_center", "help center",
     {"type": "help_center", "id": "501", "workspace_id": "w0rk5p4c", "created_at": 1690000000,
      "updated_at": 1717000000, "identifier": "acme-help", "website_turned_on": True,
      "display_name": "Acme Help", "url": "https://help.acme.test", "custom_domain": None}),
    ("collection", "top-level collection",
     {"type": "collection", "id": "6601", "workspace_id": "w0rk5p4c", "name": "Getting started",
      "url": "https://help.acme.test/en/collections/6601-getting-started", "order": 1,
      "created_at": 1690000000, "updated_at": 1717000000, "description": None, "icon": "book-bookmark",
      "default_locale": "en", "translated_content": None, "parent_id": None, "help_center_id": 501}),
    ("news_item", "live news item",
     {"type": "news-item", "id": "1401", "workspace_id": "w0rk5p4c", "title": "Scheduled exports",
      "body": "<p>Exports can now run every night.</p>", "sender_id": 7301, "state": "live",
      "newsfeed_assignments": [{"newsfeed_id": 1301, "published_at": 1717480000}], "labels": ["Product"],
      "cover_image_url": None, "reactions": ["😀", "😐", None, None], "deliver_silently": False,
      "created_at": 1717470000, "updated_at": 1717480000}),
    ("newsfeed", "newsfeed", {"type": "newsfeed", "id": "1301", "name": "Customers",
                              "created_at": 1690000000, "updated_at": 1690000000}),
    ("ticket_type", "ticket type with its attributes",
     {**TICKET["ticket_type"], "ticket_type_attributes": {"type": "list", "ticket_type_attributes": [TICKET_TYPE_ATTRIBUTE]}}),
    ("ticket_type", "live answer: the attributes under data",
     {**TICKET["ticket_type"], "is_internal": False,
      "ticket_type_attributes": {"type": "list", "data": [TICKET_TYPE_ATTRIBUTE]}}),
    ("ticket_type_attribute", "list attribute, integer ticket_type_id", TICKET_TYPE_ATTRIBUTE),
    ("data_export", "job still pending",
     {"job_identifier": "k3xq9export01", "status": "pending", "download_url": "", "download_expires_at": None}),
    ("data_export", "job completed",
     {"job_identifier": "k3xq9export01", "status": "completed",
      "download_url": "https://api.intercom.io/download/content/data/k3xq9export01",
      "download_expires_at": "1717570000"}),
    ("deleted_object", "article deleted", {"id": "7701", "object": "article", "deleted": True}),
    ("deleted_object", "contact deleted", {"id": "6650a1b2c3d4e5f600000002", "external_id": None, "type": "contact", "deleted": True}),
    ("phone_switch", "redirect sent", {"type": "phone_call_redirect", "phone": "+351 912 345 678"}),
    ("phone_switch", "live answer with the link", {"type": "phone_call_redirect",
                                                   "url": "http://via.intercom.io/msgr/2f0c8e1a-demo"}),
    ("notification_item", "ping", {"type": "ping", "message": "Ping from the Developer Hub"}),
]


@pytest.mark.parametrize(("schema", "record"), [(s, r) for s, _, r in CASES], ids=[f"{s}: {c}" for s, c, _ in CASES])
def test_live_shaped_record_is_accepted(schema: str, record: dict[str, Any]) -> None:
    assert problems(schema, record) == []


def test_every_item_schema_has_a_live_shaped_record() -> None:
    covered = {schema for schema, _, _ in CASES}
    shipped = {p.stem for p in SCHEMA_DIR.glob("*.json")} - NOT_INTERCOM_SHAPES
    assert sorted(shipped - covered) == []


def test_the_untouched_statistics_record_carries_every_declared_key() -> None:
    # The live API sends every statistics key; the record must too, or a new non-nullable key
    # in the schema would slip past the case above.
    declared_keys = set(declared("conversation", "statistics")["properties"]) - {"type"}
    assert declared_keys == set(STATISTICS_KEYS) == set(UNTOUCHED_STATISTICS) - {"type"}


@pytest.mark.parametrize("dotted", ["teammates.admins[].id", "statistics.last_closed_by_id", "source.type",
                                    "first_contact_reply.type", "conversation_parts.conversation_parts[].author.name"])
def test_conversation_fields_are_offered_for_mapping(dotted: str) -> None:
    # The Designer lists variables from declared properties: a live key that is only tolerated
    # (not declared) cannot be mapped.
    node = declared("conversation", dotted)
    assert node["title"] and node["type"]


def test_teammates_follow_the_live_api_not_the_description() -> None:
    teammates = declared("conversation", "teammates")
    assert "admins" in teammates["properties"]
    assert "live API" in teammates["description"]


@pytest.mark.parametrize(("schema", "dotted", "value"), [
    ("conversation", "statistics.time_to_admin_reply", None),
    ("conversation", "statistics.last_closed_by_id", 7301),
    ("conversation", "source", None),
    ("conversation", "source.type", None),
    ("contact", "email", None),
    ("contact", "avatar", "https://static.example.test/a.png"),
    ("message", "conversation_id", None),
])
def test_where_live_and_description_disagree_the_schema_says_so(schema: str, dotted: str, value: Any) -> None:
    node = declared(schema, dotted)
    assert Draft202012Validator(node).is_valid(value)
    assert "live API" in json.dumps(node), f"{schema}.{dotted} accepts {value!r} without saying why"


def test_an_admin_message_needs_no_conversation_id() -> None:
    assert "conversation_id" not in load("message").get("required", [])
    assert problems("message", ADMIN_MESSAGE) == []


@pytest.mark.parametrize("name", sorted(p.stem for p in SCHEMA_DIR.glob("*.json")))
def test_schema_is_valid_self_contained_and_mappable(name: str) -> None:
    schema = load(name)
    Draft202012Validator.check_schema(schema)
    text = json.dumps(schema)
    assert '"$ref"' not in text, "inline the shape: consumers validate each file on its own"
    assert '"additionalProperties": false' not in text, "Intercom adds fields; items must not refuse them"

    untitled: list[str] = []

    def walk(node: dict[str, Any], path: str) -> None:
        for key, sub in (node.get("properties") or {}).items():
            if "title" not in sub or "type" not in sub:
                untitled.append(f"{path}.{key}")
            walk(sub, f"{path}.{key}")
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]")

    walk(schema, name)
    assert untitled == [], "the Designer needs a title and a type on every field"


@pytest.mark.parametrize("name", ["conversation", "contact", "ticket", "message", "activity_log", "data_attribute",
                                  "subscription_type", "segment", "news_item", "ticket_type_attribute"])
def test_open_enums_stay_open(name: str) -> None:
    # Intercom extends these value lists over time (channels, states, activity codes); a closed
    # enum would refuse a record the day a new value ships. Known values live in descriptions.
    assert '"enum"' not in json.dumps(load(name))
