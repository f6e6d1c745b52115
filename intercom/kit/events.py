"""Naming the contact of a data event: Intercom's ID, your external ID or the email; the first given is used.

POST /events calls them ``id``, ``user_id`` and ``email`` in the body; GET /events takes
``intercom_user_id``, ``user_id`` or ``email`` in the query.
"""

from __future__ import annotations

from typing import Any

from .common import contact_id, first_of
from .inputs import Input, text

IN_BODY = {"contactId": "id", "externalId": "user_id", "email": "email"}
IN_QUERY = {"contactId": "intercom_user_id", "externalId": "user_id", "email": "email"}
ONE_CONTACT = first_of(*IN_BODY)


def event_contact(what: str) -> list[Input]:
    """The three identifier inputs; ``what`` starts the first tooltip ("Who did it", "Whose events")."""
    return [
        contact_id(tooltip=f"{what}: give one of Contact ID, External ID or Email (the first filled is "
                   "used). The ID is "
                   "Intercom's, e.g. 6657ac8a6abd0166b52ae266."),
        text("externalId", "External ID", "Or your own ID of the contact (a user's external_id).",
             min_length=1, max_length=255),
        text("email", "Email", "Or the contact's email address.", format="email", max_length=254),
    ]


def named(values: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The identifier given, under Intercom's name for it."""
    return {api: values[ours] for ours, api in names.items() if ours in values}
