"""What the contact components share: the contact's fields as inputs, finding one, and
creating one that may already exist.

Intercom refuses to create a second contact with the same email or external ID (409, naming
the existing contact's id). Search is eventually consistent, so "search, then create" can still
meet that conflict; the create is then turned into an update of the contact Intercom named.
"""

from __future__ import annotations

from typing import Any

from ..client import ConflictError, IntercomClient, endpoint
from .common import custom_attributes, teammate
from .inputs import Group, Input, choice, date_time, snake_case, text, toggle

# Our input name -> Intercom's field, for every writable contact field.
CONTACT_FIELDS = (
    "role", "email", "externalId", "name", "phone", "avatar", "ownerId", "signedUpAt", "lastSeenAt",
    "unsubscribedFromEmails", "customAttributes",
)  # fmt: skip


def email_input(**more: Any) -> Input:
    return text("email", "Email", more.pop("tooltip", "The contact's email address, e.g. ada@example.com."),
                format="email", max_length=254, **more)


def external_id_input(**more: Any) -> Input:
    tip = more.pop("tooltip", "Your own unique ID for this contact (only users have one), e.g. crm-42.")
    return text("externalId", "External ID", tip, min_length=1, max_length=255, **more)


def contact_fields(*, updating: bool = False) -> list[Group]:
    """The contact's writable fields in two groups, as creating and updating offer them."""
    role_tip = (
        "Turn a lead into a user by choosing User; a user cannot become a lead again."
        if updating else
        "A user is someone who signed up to your product; a lead is a prospect. Intercom makes a user "
        "when left empty."
    )
    return [
        Group(
            "identity", "Who",
            choice("role", "Role", role_tip, [("user", "User"), ("lead", "Lead")]),
            email_input(),
            external_id_input(),
        ),
        Group(
            "details", "Details",
            text("name", "Name", "The contact's full name.", max_length=255),
            text("phone", "Phone", "In international form, e.g. +353871234567.", max_length=64),
            text("avatar", "Avatar URL", "Link to an image of the contact, e.g. https://example.com/ada.png.",
                 format="uri", pattern="^https?://", form="an http or https URL", max_length=2048),
            teammate("ownerId", "Owner", "The teammate who owns this contact.", convert=lambda v, _: int(v)),
            date_time("signedUpAt", "Signed up at", "When the user signed up to your product."),
            date_time("lastSeenAt", "Last seen at", "When the contact was last seen in your product."),
            toggle("unsubscribedFromEmails", "Unsubscribed from emails",
                   "On: the contact receives no email from Intercom."),
            custom_attributes("contact"),
        ),
    ]


def contact_body(values: dict[str, Any]) -> dict[str, Any]:
    """The contact fields among ``values`` (already converted), under Intercom's names."""
    return {snake_case(key): values[key] for key in CONTACT_FIELDS if key in values}


def identity_query(values: dict[str, Any]) -> dict[str, Any]:
    """The search condition finding a contact by external ID (preferred: unique) or email."""
    if values.get("externalId"):
        return {"field": "external_id", "operator": "=", "value": values["externalId"]}
    return {"field": "email", "operator": "=", "value": values["email"]}


async def find_contact(intercom: IntercomClient, values: dict[str, Any]) -> dict[str, Any] | None:
    """The first contact with the given external ID or email, or None."""
    found = await intercom.post(
        "/contacts/search", {"query": identity_query(values), "pagination": {"per_page": 1}}
    )
    data = (found or {}).get("data") or []
    return data[0] if data else None


async def create_or_update(intercom: IntercomClient, body: dict[str, Any]) -> dict[str, Any]:
    """Create the contact; if Intercom says it exists, update that one with the same fields."""
    try:
        return await intercom.post("/contacts", body)
    except ConflictError as conflict:
        existing = conflict.existing_id
        if existing is None:
            raise
    return await intercom.put(endpoint("/contacts/{id}", id=existing), body)
