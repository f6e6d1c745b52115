"""A ticket type's attributes as Inspector inputs: Appmixer's generated inspector.

Each ticket type has its own attributes (Severity, Order number, ...). Creating a ticket, or
turning a conversation into one, shows them as inputs once the type is picked: the Inspector's
``source`` calls the component itself with ``properties.generateInspector`` and the ticket type,
and the handler answers ``{inputs, groups}`` built from ``GET /ticket_types/{id}``.

A generated input's key carries the attribute's name and data type, so the run needs no second
look at the type: ``ticketAttribute_<data type>_<name, %-escaped>``. The input port's schema
accepts these keys (``patternProperties``), each typed by its data type.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from ..client import IntercomClient, NotFoundError, endpoint
from .common import component_url
from .fields import unix_seconds
from .inputs import MAX_UNIX_SECONDS, Input, key_value, text, textarea

PREFIX = "ticketAttribute"
GROUP = "ticketAttributes"
_SAFE = re.compile(r"[A-Za-z0-9_-]")
_NAME = "[A-Za-z0-9_%-]{1,600}"

_DATE_VALUE = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": MAX_UNIX_SECONDS},
        {"type": "string", "format": "date-time"},
    ],
    "description": "an ISO 8601 date-time such as 2024-05-01T09:30:00Z, or Unix seconds",
}
# The value each data type takes, as the input port checks it.
VALUE_SCHEMAS: dict[str, dict[str, Any]] = {
    "string": {"type": "string", "maxLength": 65535},
    "list": {"type": "string", "minLength": 1, "maxLength": 255, "description": "one of the list's options"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "datetime": _DATE_VALUE,
}
WIDGETS = {"string": "text", "list": "select", "integer": "number", "decimal": "number",
           "boolean": "toggle", "datetime": "date-time"}
_KEY = re.compile(rf"^{PREFIX}_({'|'.join(VALUE_SCHEMAS)})_(.+)$")


def pattern_properties() -> dict[str, Any]:
    """The input port's ``patternProperties``: one typed pattern per data type."""
    patterns = {f"^{PREFIX}_{kind}_{_NAME}$": schema for kind, schema in VALUE_SCHEMAS.items()}
    return {"patternProperties": patterns}


def attribute_key(data_type: str, name: str) -> str:
    escaped = "".join(c if _SAFE.fullmatch(c) else "".join(f"%{b:02X}" for b in c.encode()) for c in name)
    return f"{PREFIX}_{data_type}_{escaped}"


def attributes_from(content: dict[str, Any]) -> dict[str, Any]:
    """The generated inputs of a message, as Intercom's ``ticket_attributes`` (name -> value)."""
    out: dict[str, Any] = {}
    for key, value in content.items():
        match = _KEY.match(key)
        if match is None or value is None or value == "":
            continue
        data_type, name = match.group(1), unquote(match.group(2), errors="replace")
        out[name] = unix_seconds(value, key) if data_type == "datetime" else value
    return out


def inspector_source(module: str, name: str, type_key: str = "ticketTypeId") -> dict[str, Any]:
    """The Inspector source that regenerates the form whenever the ticket type changes."""
    return {
        "url": component_url(module, name),
        "data": {
            "properties": {"generateInspector": True},
            "messages": {f"in/{type_key}": f"inputs/in/{type_key}"},
        },
    }


def _input(attribute: dict[str, Any], index: int) -> tuple[str, dict[str, Any]] | None:
    data_type, name = attribute.get("data_type"), attribute.get("name")
    if data_type not in VALUE_SCHEMAS or not isinstance(name, str) or not name or attribute.get("archived"):
        return None  # files cannot be set through the API; unknown types are left to the rows input
    options = attribute.get("input_options") or {}
    widget: dict[str, Any] = {"type": WIDGETS[data_type], "group": GROUP, "index": index,
                              "label": str(attribute.get("description") or name) if attribute.get("default")
                              else name}
    if data_type == "string" and options.get("multiline"):
        widget["type"] = "textarea"
    if data_type == "list":
        listed = options.get("list_options") or []
        choices = [o for o in listed if isinstance(o, dict) and not o.get("archived")]
        widget["options"] = [{"label": str(o.get("label")), "value": str(o.get("label"))} for o in choices]
    hint = str(attribute.get("description") or "").strip() or f"The {name} attribute"
    needed = " Required to create a ticket of this type." if attribute.get("required_to_create") else ""
    widget["tooltip"] = hint.rstrip(".") + "." + needed
    return attribute_key(data_type, name), widget


def attribute_inputs(ticket_type: dict[str, Any], first_index: int, *, skip_default: bool) -> dict[str, Any]:
    """Inspector inputs for the attributes of ``ticket_type``, in Intercom's order.

    ``skip_default`` leaves out the built-in title and description when the component has its
    own inputs for them.
    """
    held = ticket_type.get("ticket_type_attributes")
    held = held if isinstance(held, dict) else {}
    listed = held.get("ticket_type_attributes") or held.get("data") or []  # description / live
    attributes = sorted((a for a in listed if isinstance(a, dict)), key=lambda a: a.get("order") or 0)
    inputs: dict[str, Any] = {}
    for attribute in attributes:
        if skip_default and attribute.get("default"):
            continue
        made = _input(attribute, first_index + len(inputs))
        if made is not None:
            inputs[made[0]] = made[1]
    return inputs


async def generated_inspector(
    base: dict[str, Any], intercom: IntercomClient, ticket_type_id: Any, *, skip_default: bool = True
) -> dict[str, Any]:
    """``base`` (the declared Inspector) plus the chosen ticket type's attributes."""
    inspector = {key: value for key, value in base.items() if key != "source"}
    if not ticket_type_id:
        return inspector
    try:
        ticket_type = await intercom.get(endpoint("/ticket_types/{id}", id=str(ticket_type_id)))
    except NotFoundError:
        return inspector  # a type mapped from a variable or since deleted: the declared inputs only
    ticket_type = ticket_type or {}
    declared = inspector.get("inputs") or {}
    inputs = attribute_inputs(ticket_type, len(declared) + 1, skip_default=skip_default)
    if not inputs:
        return inspector
    groups = dict(inspector.get("groups") or {})
    groups[GROUP] = {"label": f"{ticket_type.get('name') or 'Ticket'} attributes", "index": len(groups) + 1}
    return {**inspector, "inputs": {**declared, **inputs}, "groups": groups}


# -- the declared attribute inputs, beside the generated ones ----------------------------------

DEFAULT_TITLE, DEFAULT_DESCRIPTION = "_default_title_", "_default_description_"


def title_and_description(what: str = "ticket") -> list[Input]:
    """Every ticket type's two built-in attributes, as inputs of their own."""
    return [
        text("title", "Title", f"The {what}'s title, e.g. Refund for order 10452.", max_length=255),
        textarea("description", "Description", f"What the {what} is about; simple HTML is kept.",
                 max_length=65535),
    ]


def other_attributes() -> Input:
    return key_value(
        "ticketAttributes", "Other attributes",
        "Attributes by their name, for those not shown above (or all of them when the ticket type is "
        "mapped from a prior step), e.g. Order number = 10452. Lists take one of their options as text.",
        values={"type": ["string", "number", "boolean"]}, key_label="Attribute",
    )


def ticket_attributes(values: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    """Intercom's ``ticket_attributes`` from the rows, the title and description, and the
    generated inputs (these last, as the most specific)."""
    out: dict[str, Any] = dict(values.get("ticketAttributes") or {})
    for key, name in (("title", DEFAULT_TITLE), ("description", DEFAULT_DESCRIPTION)):
        if key in values:
            out[name] = values[key]
    out.update(attributes_from(content))
    return out


async def answered_inspector_call(
    context: Any, intercom: IntercomClient, action: Any, values: dict[str, Any]
) -> bool:
    """When the Designer asks for the generated inspector, answer it and say so."""
    if not context.properties.get("generateInspector"):
        return False
    inspector = await generated_inspector(action.inspector(), intercom, values.get("ticketTypeId"))
    await context.send_json(inspector)
    return True
