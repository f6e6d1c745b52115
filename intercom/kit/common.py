"""Inputs that many components share, each parameterised where components differ.

A component writes ``contact_id()`` or ``teammate("assigneeId", "Assign to")`` instead of
restating the pattern, tooltip and dropdown of an id every time.
"""

from __future__ import annotations

from typing import Any

from .inputs import (
    DIGITS_PATTERN,
    Input,
    choice,
    dropdown,
    identifier,
    number,
    rows_to_object,
    string_list,
    text,
)
from .outputs import ARRAY_CAP, DEFAULT_LIMIT, MAX_LIMIT

TRANSFORMERS = "../../kit/transformers"


def component_url(module: str, name: str, port: str = "out") -> str:
    return f"/component/acme/intercom/{module}/{name}?outPort={port}"


def api_source(path: str, transform: str, **messages: Any) -> dict[str, Any]:
    """Dropdown choices from a GET of the account's data, made by Make API Call."""
    return {
        "url": component_url("core", "MakeApiCall"),
        "data": {
            "messages": {"in/method": "GET", "in/path": path, **messages},
            "transform": f"{TRANSFORMERS}#{transform}",
        },
    }


def list_source(module: str, name: str, transform: str, **messages: Any) -> dict[str, Any]:
    """Dropdown choices from a (usually private) list component of the bundle."""
    return {
        "url": component_url(module, name),
        "data": {
            "messages": {"in/outputType": "array", **messages},
            "transform": f"{TRANSFORMERS}#{transform}",
        },
    }


def _numbered(
    key: str, label: str, tooltip: str, source: dict[str, Any], what: str, example: str, **more: Any
) -> Input:
    """A dropdown of the account's records of one kind that also takes a mapped ID of digits."""
    return dropdown(key, label, tooltip, source, pattern=DIGITS_PATTERN,
                    form=f"a {what} ID (digits), such as {example}", **more)


def teammate(key: str = "adminId", label: str = "Teammate", tooltip: str | None = None, **more: Any) -> Input:
    return _numbered(
        key, label,
        tooltip or "The teammate (admin) to act as; pick one or map a teammate ID such as 814860.",
        list_source("teammates", "TeammateOptions", "admins_to_options"),
        "teammate", "814860", **more,
    )


def team(key: str = "teamId", label: str = "Team", tooltip: str | None = None, **more: Any) -> Input:
    return _numbered(
        key, label,
        tooltip or "The team; pick one or map a team ID such as 5017691.",
        list_source("teams", "TeamOptions", "teams_to_options"),
        "team", "5017691", **more,
    )


def tag(key: str = "tagId", label: str = "Tag", tooltip: str | None = None, **more: Any) -> Input:
    return _numbered(
        key, label,
        tooltip or "The tag; pick one or map a tag ID such as 7522907.",
        list_source("tags", "TagOptions", "tags_to_options"),
        "tag", "7522907", **more,
    )


def tag_name(key: str = "tagName", label: str = "Tag", tooltip: str | None = None, **more: Any) -> Input:
    """A tag named rather than by ID (what POST /tags takes); a new name creates the tag."""
    return dropdown(
        key,
        label,
        tooltip or "The tag's name; pick one or type a name, e.g. VIP. A name the workspace does not have "
        "yet creates the tag.",
        list_source("tags", "TagOptions", "tag_names_to_options"),
        pattern="\\S",
        form="a tag name that is not blank",
        **more,
    )


def segment(key: str = "segmentId", label: str = "Segment", tooltip: str | None = None, **more: Any) -> Input:
    return dropdown(
        key,
        label,
        tooltip or "The segment; pick one or map a segment ID such as 6657ac8a6abd0166b52ae270.",
        list_source("segments", "SegmentOptions", "segments_to_options"),
        form="a segment ID such as 6657ac8a6abd0166b52ae270",
        **more,
    )


def subscription_type(
    key: str = "subscriptionTypeId", label: str = "Subscription type", tooltip: str | None = None, **more: Any
) -> Input:
    return _numbered(
        key, label,
        tooltip or "The subscription type (e.g. a newsletter); pick one or map its ID such as 37846.",
        list_source("subscriptions", "SubscriptionTypeOptions", "subscription_types_to_options"),
        "subscription type", "37846", **more,
    )


def data_attribute_source(model: str, transform: str) -> dict[str, Any]:
    """Choices from the account's data attributes of ``model`` (contact, company, conversation)."""
    return list_source("data", "DataAttributeOptions", transform, **{"in/model": model})


def company_id(
    key: str = "companyId", label: str = "Company ID", tooltip: str | None = None, **more: Any
) -> Input:
    return identifier(
        key,
        label,
        tooltip
        or "The company's Intercom ID (e.g. 6657ac356abd0166b52ae1c4), not your own company ID; the id "
        "output of Create or Update Company or Find Company.",
        **{"what": "an Intercom company ID such as 6657ac356abd0166b52ae1c4", **more},
    )


def custom_attributes(
    model: str,
    key: str = "customAttributes",
    label: str = "Custom attributes",
    tooltip: str | None = None,
    *,
    text_only: bool = False,
    **more: Any,
) -> Input:
    """Attribute/value rows, the attribute picked from the account's custom data attributes of
    ``model``; an object mapped from a prior step is taken as it is. ``text_only`` sends every
    value as text (company and visitor attributes, which Intercom's 2.10 description types so)."""
    kinds = ["string", "number", "boolean"] if text_only else ["string", "number", "boolean", "null"]
    value = {"type": kinds}
    row = {"type": "object", "required": ["key"],
           "properties": {"key": {"type": "string", "minLength": 1}, "value": value}}
    rows = {"type": "array", "items": row}
    schema = {
        "anyOf": [
            {"type": "object", "required": ["ADD"], "additionalProperties": False,
             "properties": {"ADD": rows}},
            rows,
            {"type": "object", "additionalProperties": value},
        ],
        "description": "rows of attribute and value, or an object of them",
    }
    widget = {
        "levels": ["ADD"],
        "fields": {
            "key": {"type": "select", "label": "Attribute", "index": 1,
                    "source": data_attribute_source(model, "custom_attributes_to_options")},
            "value": {"type": "text", "label": "Value", "index": 2},
        },
    }

    def convert(given: Any, name: str) -> dict[str, Any]:
        if isinstance(given, dict) and isinstance(given.get("ADD"), list):
            given = given["ADD"]
        out = rows_to_object(given, name)
        return {k: as_text(v) for k, v in out.items() if v is not None} if text_only else out

    values_go = ("Every value is sent as text." if text_only else
                 "Values mapped from a prior step keep their type; values typed in are text.")
    return Input(
        key, "expression", schema, label,
        tooltip or "One row per attribute, e.g. plan = pro; the attribute must already exist in Intercom "
        f"(Settings, Data). {values_go}",
        widget_extra=widget, convert=convert, **more,
    )


def as_text(value: Any) -> str:
    """A value as Intercom takes it where only text is declared (booleans in lower case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def help_center(
    key: str = "helpCenterId", label: str = "Help center", tooltip: str | None = None, **more: Any
) -> Input:
    return _numbered(
        key, label,
        tooltip or "The help center; pick one or map a help center ID such as 123.",
        list_source("helpcenter", "HelpCenterOptions", "help_centers_to_options"),
        "help center", "123", **more,
    )


def collection(
    key: str = "collectionId", label: str = "Collection", tooltip: str | None = None, **more: Any
) -> Input:
    return _numbered(
        key, label,
        tooltip or "The help center collection; pick one or map a collection ID such as 6871118.",
        list_source("helpcenter", "CollectionOptions", "collections_to_options"),
        "collection", "6871118", **more,
    )


def newsfeed(
    key: str = "newsfeedId", label: str = "Newsfeed", tooltip: str | None = None, **more: Any
) -> Input:
    return _numbered(
        key, label,
        tooltip or "The newsfeed; pick one or map a newsfeed ID such as 12312.",
        list_source("news", "NewsfeedOptions", "newsfeeds_to_options"),
        "newsfeed", "12312", **more,
    )


def contact_id(
    key: str = "contactId", label: str = "Contact ID", tooltip: str | None = None, **more: Any
) -> Input:
    return identifier(
        key,
        label,
        tooltip or "The contact's Intercom ID (e.g. 6657ac8a6abd0166b52ae266), not your own external ID.",
        # Intercom's contact ids are 24 hexadecimal characters (the spec's minimum length is 24).
        **{"what": "an Intercom contact ID: 24 hexadecimal characters", "pattern": "^[0-9a-f]{24}$", **more},
    )


def conversation_id(
    key: str = "conversationId", label: str = "Conversation ID", tooltip: str | None = None, **more: Any
) -> Input:
    return identifier(
        key,
        label,
        tooltip
        or "The conversation's Intercom ID (digits, e.g. 123456789), as shown in its URL in the inbox.",
        **{"what": "an Intercom conversation ID such as 123456789", "pattern": "^[0-9]{1,20}$", **more},
    )


def ticket_id(
    key: str = "ticketId", label: str = "Ticket ID", tooltip: str | None = None, **more: Any
) -> Input:
    return identifier(
        key,
        label,
        tooltip
        or "The ticket's API ID (digits, e.g. 512), the id output of Create Ticket or Search Tickets; "
        "not the #number shown in the inbox.",
        **{"what": "an Intercom ticket ID (digits) such as 512", "pattern": DIGITS_PATTERN, **more},
    )


def ticket_type(
    key: str = "ticketTypeId", label: str = "Ticket type", tooltip: str | None = None, **more: Any
) -> Input:
    return _numbered(
        key, label,
        tooltip or "The kind of ticket (Bug report, Refund request, ...); pick one or map a ticket type "
        "ID such as 1234.",
        list_source("tickets", "TicketTypeOptions", "ticket_types_to_options"),
        "ticket type", "1234", **more,
    )


def ticket_type_attribute(
    key: str = "attributeId", label: str = "Attribute", tooltip: str | None = None, *,
    type_key: str = "ticketTypeId", **more: Any,
) -> Input:
    """An attribute of the ticket type chosen in the ``type_key`` input (a cascading dropdown)."""
    return _numbered(
        key, label,
        tooltip or "The attribute of the chosen ticket type; pick one or map an attribute ID such as 8765.",
        list_source("tickets", "TicketTypeAttributeOptions", "ticket_type_attributes_to_options",
                    **{"in/ticketTypeId": f"inputs/in/{type_key}"}),
        "ticket type attribute", "8765", **more,
    )


# Intercom's ticket states in API 2.10 (workspaces cannot add their own until 2.14).
TICKET_STATES = (
    ("in_progress", "In progress"),
    ("waiting_on_customer", "Waiting on customer"),
    ("resolved", "Resolved"),
)


def attachment_urls(
    key: str = "attachmentUrls", label: str = "Image attachments", tooltip: str | None = None, **more: Any
) -> Input:
    return string_list(
        key,
        label,
        tooltip or "Up to 10 links to images to attach, one per line, e.g. https://example.com/receipt.png.",
        item={"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": 2048},
        max_items=10,
        **more,
    )


# How a contact is named where Intercom takes any one of three identifiers: our input keys.
CONTACT_IDENTIFIERS = ("contactId", "contactEmail", "contactExternalId")


def contact_identifiers(what: str, **more: Any) -> list[Input]:
    """Contact ID, email and external ID inputs for naming one contact; pair them with
    ``first_of(*CONTACT_IDENTIFIERS)``. ``what`` completes "The contact who ..."."""
    return [
        contact_id(tooltip=f"The contact who {what}: give one of Contact ID, Contact email or "
                           "External ID (the first filled is used). The ID is Intercom's, e.g. "
                           "6657ac8a6abd0166b52ae266.", **more),
        text("contactEmail", "Contact email", f"Or the email address of the contact who {what}.",
             format="email", max_length=254, **more),
        text("contactExternalId", "External ID", f"Or your own ID of the contact who {what} (its "
             "external_id in Intercom).", min_length=1, max_length=255, **more),
    ]


FIRST_OF = "x-first-of"


def first_of(*keys: str) -> dict[str, Any]:
    """Schema rule: at least one of ``keys`` is given; when several are, the first given wins
    (the declarations drop the others before building the request, see ``declare._values``).

    Intercom takes exactly one identifier, but a flow that maps all three should still run."""
    return {"anyOf": [{"required": [k]} for k in keys], FIRST_OF: list(keys)}


# -- listings ------------------------------------------------------------------------------------


def _one_of(things: str) -> str:
    """"companies" -> "company", "tags" -> "tag": the item labels are plain English plurals."""
    if things.endswith("ies"):
        return things[:-3] + "y"
    return things.removesuffix("s")


def output_type(item_label: str) -> Input:
    things = item_label.lower()
    one = _one_of(things)
    return choice(
        "outputType",
        "Output",
        f"How the {things} leave this step: all in one message (at most {ARRAY_CAP:,}), the first one "
        f"only, one message per {one}, or a CSV file with one row each. For more than "
        f"{ARRAY_CAP:,}, choose one message each or the CSV file.",
        [
            ("array", f"All {things} in one message"),
            ("first", f"First {one} only"),
            ("object", f"One message per {one}"),
            ("file", "A CSV file"),
        ],
        default="array",
        api=None,
    )


def limit(item_label: str, per_page: int) -> Input:
    things = item_label.lower()
    return number(
        "limit",
        f"Maximum {things}",
        f"Stop after this many {things} (1 to {MAX_LIMIT:,}; default {DEFAULT_LIMIT:,}; at most "
        f"{ARRAY_CAP:,} in one message). The output says whether the limit cut the listing. "
        f"Intercom is asked for {per_page} per request.",
        minimum=1,
        maximum=MAX_LIMIT,
        default=DEFAULT_LIMIT,
        api=None,
    )


# The array mode holds the whole listing in one message, so it has a lower cap than the others.
ARRAY_LIMIT_RULE = {
    "if": {"properties": {"outputType": {"const": "array"}}},
    "then": {"properties": {"limit": {"maximum": ARRAY_CAP}}},
}
