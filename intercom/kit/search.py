"""The search builder: simple condition rows in AND/OR groups, turned into Intercom's query.

The Inspector's ``expression`` widget yields ``{"OR": [{"AND": [row, ...]}, ...]}``, each row
``{field, operator, value}``: every row of an AND group must hold, and any one group is enough.
That is exactly what Intercom's search can express (at most two levels of nesting, at most 15
conditions in a group), so the schema states those limits and the conversion is direct.

Values arrive as text from the widget: dates (fields ending in ``_at``) accept ISO 8601 or
Unix seconds and are sent as Unix seconds; ``IN``/``NIN`` take a comma-separated list;
``true``/``false`` become booleans and whole numbers integers where the field is numeric.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..client import InputError
from .fields import unix_seconds
from .inputs import Input

MAX_CONDITIONS = 15
OPERATORS = (
    ("=", "is"),
    ("!=", "is not"),
    ("IN", "is one of (comma-separated)"),
    ("NIN", "is none of (comma-separated)"),
    (">", "is greater than / after"),
    ("<", "is less than / before"),
    ("~", "contains"),
    ("!~", "does not contain"),
    ("^", "starts with"),
    ("$", "ends with"),
)
TEXT_ONLY = {"~", "!~", "^", "$"}
DATE_OPERATORS = {"=", "<", ">"}


def _row_schema() -> dict[str, Any]:
    field: dict[str, Any] = {
        "type": "string",
        "pattern": "^[A-Za-z0-9_.]{1,128}$",
        "description": "a searchable field such as email or custom_attributes.plan",
    }
    return {
        "type": "object",
        "required": ["field", "operator", "value"],
        # A row is what the builder's three columns make; anything else in it is a mistake.
        "additionalProperties": False,
        "properties": {
            "field": field,
            "operator": {"type": "string", "enum": [op for op, _ in OPERATORS]},
            # Text holds at least one character besides commas and spaces ("is one of" splits it).
            "value": {"type": ["string", "integer", "boolean"], "maxLength": 1024, "pattern": "[^,\\s]",
                      "description": "a value (comma-separated values for 'is one of')"},
        },
    }


def search_query(
    key: str = "query",
    label: str = "Conditions",
    tooltip: str | None = None,
    *,
    fields: Sequence[tuple[str, str]] = (),
    fields_source: dict[str, Any] | None = None,
    numeric: Sequence[str] = (),
    dates: Sequence[str] = (),
    **more: Any,
) -> Input:
    """A query builder input. ``fields`` are the fields offered (value, label); ``fields_source``
    fills more from the account (e.g. its custom data attributes); ``numeric`` names fields
    whose values are numbers; ``dates`` names date fields beyond those ending in ``_at``
    (``waiting_since``, ``snoozed_until``)."""
    row = _row_schema()
    and_group = {
        "type": "object",
        "required": ["AND"],
        "additionalProperties": False,
        "properties": {"AND": {"type": "array", "minItems": 1, "maxItems": MAX_CONDITIONS, "items": row}},
    }
    schema = {
        "type": "object",
        "required": ["OR"],
        "additionalProperties": False,
        "properties": {
            "OR": {"type": "array", "minItems": 1, "maxItems": MAX_CONDITIONS, "items": and_group}
        },
        "description": "condition rows (field, operator, value) in AND groups joined by OR",
    }
    field_widget: dict[str, Any] = {
        "type": "select",
        "label": "Field",
        "index": 1,
        "options": [{"label": lbl, "value": val} for val, lbl in fields],
    }
    if fields_source:
        field_widget["source"] = fields_source
    widget = {
        "levels": ["OR", "AND"],
        "fields": {
            "field": field_widget,
            "operator": {
                "type": "select",
                "label": "Operator",
                "index": 2,
                "defaultValue": "=",
                "options": [{"label": lbl, "value": op} for op, lbl in OPERATORS],
            },
            "value": {"type": "text", "label": "Value", "index": 3},
        },
    }
    numbers, more_dates = frozenset(numeric), frozenset(dates)

    def convert(value: Any, name: str) -> dict[str, Any]:
        return to_intercom_query(value, name, numbers, more_dates)

    return Input(
        key,
        "expression",
        schema,
        label,
        tooltip
        or "Rows of field, operator and value. All rows of a group must match; add another "
        "group (OR) for an alternative. Dates take ISO 8601 or Unix seconds; 'is one of' takes values "
        "separated by commas. Up to 15 rows per group.",
        widget_extra=widget,
        convert=convert,
        **more,
    )


def to_intercom_query(
    value: Any, name: str, numeric: frozenset[str] = frozenset(), dates: frozenset[str] = frozenset()
) -> dict[str, Any]:
    groups = value.get("OR") if isinstance(value, dict) else None
    if not isinstance(groups, list) or not groups:
        raise InputError(name, "add at least one condition")
    converted = []
    for g, group in enumerate(groups):
        rows = group.get("AND") if isinstance(group, dict) else None
        if not isinstance(rows, list) or not rows:
            raise InputError(f"{name}.OR[{g}]", "this group has no condition")
        converted.append(
            [_condition(row, f"{name}.OR[{g}].AND[{r}]", numeric, dates) for r, row in enumerate(rows)]
        )
    ands = [rows[0] if len(rows) == 1 else {"operator": "AND", "value": rows} for rows in converted]
    return ands[0] if len(ands) == 1 else {"operator": "OR", "value": ands}


def _condition(
    row: dict[str, Any], where: str, numeric: frozenset[str], dates: frozenset[str] = frozenset()
) -> dict[str, Any]:
    field, operator, raw = row["field"], row["operator"], row["value"]
    is_date = field.endswith("_at") or field in dates
    if (is_date or field in numeric) and operator in TEXT_ONLY:
        raise InputError(f"{where}.operator", f"{operator!r} compares text; {field} is a date or number")
    if is_date and operator not in DATE_OPERATORS:
        raise InputError(
            f"{where}.operator", f"Intercom compares dates only with =, < and > (got {operator!r})"
        )

    def one(text: Any) -> Any:
        if is_date:
            return unix_seconds(
                int(text) if isinstance(text, str) and text.strip().isdigit() else text, f"{where}.value"
            )
        if isinstance(text, str):
            lowered = text.strip().lower()
            if lowered in ("true", "false"):
                return lowered == "true"
            if field in numeric:
                try:
                    return int(text)
                except ValueError:
                    raise InputError(
                        f"{where}.value", f"{field} takes a whole number (got {text[:40]!r})"
                    ) from None
        return text

    if operator in ("IN", "NIN"):
        parts = [p.strip() for p in str(raw).split(",") if p.strip()]
        if not parts:
            raise InputError(f"{where}.value", "give at least one value, separated by commas")
        # Intercom takes a list of strings or a list of integers, never a mix or booleans.
        return {
            "field": field,
            "operator": operator,
            "value": [one(p) if field in numeric else p for p in parts],
        }
    return {"field": field, "operator": operator, "value": one(raw)}
