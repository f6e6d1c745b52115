"""Closing, snoozing, opening and assigning a conversation: one Intercom call, several components.

``POST /conversations/{id}/parts`` switches on ``message_type``. Close Conversation, Snooze
Conversation, Open Conversation and Assign Conversation each do one of them; Manage Conversation
does any one, chosen by its Action input. They share the inputs and the request built here.
"""

from __future__ import annotations

from typing import Any

from ..client import InputError, endpoint
from .admins import admin_or_acting
from .calls import Call
from .common import conversation_id, team, teammate
from .inputs import Input, choice, date_time, textarea

ACTIONS = (("close", "Close"), ("snoozed", "Snooze"), ("open", "Open"), ("assignment", "Assign"))
ASSIGNEE_TYPES = (("admin", "A teammate"), ("team", "A team"))


def conversation(verb: str) -> Input:
    return conversation_id(
        tooltip=f"The conversation to {verb}, e.g. the conversation ID output of a conversation trigger "
        "or of Search Conversations.",
        required=True,
    )


def acting_teammate(**more: Any) -> Input:
    return teammate(tooltip="Who does it, as the conversation's history shows. Left empty: the teammate "
                            "who connected the account.", **more)


def snoozed_until(**more: Any) -> Input:
    return date_time("snoozedUntil", "Snooze until",
                     "When the conversation comes back to the inbox, e.g. 2024-07-01T09:00:00Z (or Unix "
                     "seconds). It must be in the future: Intercom refuses a time already past.", **more)


def part_note(label: str, **more: Any) -> Input:
    return textarea("body", label, "Optional. Shown to teammates in the conversation with this change; "
                    "simple HTML is accepted.", max_length=65535, **more)


def assignee_inputs(when: dict[str, Any] | None = None) -> list[Input]:
    """Whom to assign to: a teammate or a team (ID 0 removes the assignment). ``when`` holds the
    conditions (``{"./action": "assignment"}``) under which all of them show."""
    when = when or {}

    def shown(kind: str) -> dict[str, Any]:
        return {"eq": {**when, "./assigneeType": kind}}

    return [
        choice("assigneeType", "Assign to", "A teammate or a team.", ASSIGNEE_TYPES, default="admin",
               **({"when": {"eq": when}} if when else {})),
        teammate("assigneeId", "Teammate", "The teammate who takes the conversation; pick one or map a "
                 "teammate ID. 0 leaves it with no teammate.", when=shown("admin")),
        team("teamId", "Team", "The team that takes the conversation; pick one or map a team ID. 0 leaves "
             "it with no team.", when=shown("team")),
    ]


# Schema rules: the assignee the chosen assignee type needs.
ASSIGNEE_RULES = [
    {"if": {"properties": {"assigneeType": {"const": "team"}}, "required": ["assigneeType"]},
     "then": {"required": ["teamId"]}, "else": {"required": ["assigneeId"]}},
]


def part_call(action: str, v: dict[str, Any]) -> Call:
    """The request that closes, snoozes, opens or assigns ``v["conversationId"]``."""
    admin = admin_or_acting(v.get("adminId"))
    note = {"body": v["body"]} if v.get("body") else {}
    if action == "close":
        body: dict[str, Any] = {"message_type": "close", "type": "admin", "admin_id": admin, **note}
    elif action == "snoozed":
        until = v.get("snoozedUntil")
        if until is None:
            raise InputError("snoozedUntil", "say until when the conversation sleeps")
        # A time already past is Intercom's to refuse: the schema cannot know the present.
        body = {"message_type": "snoozed", "admin_id": admin, "snoozed_until": until}
    elif action == "open":
        body = {"message_type": "open", "admin_id": admin}
    else:
        kind = v.get("assigneeType") or "admin"
        assignee = v.get("teamId" if kind == "team" else "assigneeId")
        if assignee is None:
            raise InputError("teamId" if kind == "team" else "assigneeId", "pick whom to assign to")
        body = {"message_type": "assignment", "type": kind, "admin_id": admin,
                "assignee_id": str(assignee), **note}
    return Call("POST", endpoint("/conversations/{id}/parts", id=v["conversationId"]), json=body)


# What adding or removing a participant answers: live, the contacts now in the conversation
# (the 2.10 description says the whole conversation; its own example shows this list).
PARTICIPANTS = {
    "type": "object",
    "title": "Participants",
    "properties": {
        "customers": {
            "title": "Contacts in the conversation",
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"title": "Role", "type": ["string", "null"], "description": "user or lead."},
                    "id": {"title": "Contact ID", "type": "string"},
                },
            },
        },
    },
}
