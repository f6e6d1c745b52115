"""Inspector inputs that carry their schema and their widget together.

Each constructor returns an :class:`Input`: the JSON Schema of the field, the Inspector widget
that edits it, and where its value goes in the Intercom request (``api``). Because schema and
widget are made in one place they agree: a textarea yields text, so a field edited in one
accepts text (and parses it); a key-value widget yields rows, so its field accepts rows.

Inputs are named in camelCase across the catalog (Appmixer's convention, as in ``outputType``);
``api`` names Intercom's field, by default the input's name in snake_case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from ..client import InputError
from .fields import unix_seconds

Convert = Callable[[Any, str], Any]

# Intercom stores dates as Unix seconds in 32-bit-safe ranges; beyond year 9999 no date parses.
MAX_UNIX_SECONDS = 253_402_300_799
ID_PATTERN = "^[0-9A-Za-z_-]{1,64}$"
DIGITS_PATTERN = "^[0-9]{1,20}$"


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


@dataclass(frozen=True)
class Input:
    """One field of an input port (or of a trigger's properties) and its Inspector widget."""

    key: str
    widget: str
    schema: dict[str, Any]
    label: str
    tooltip: str | None = None
    required: bool = False
    default: Any = None
    group: str | None = None
    options: tuple[tuple[Any, str], ...] | None = None
    source: dict[str, Any] | None = None
    when: dict[str, Any] | None = None
    placeholder: str | None = None
    widget_extra: dict[str, Any] = field(default_factory=dict)
    # Where the value goes: "body.<dotted.path>", "query.<name>", "path" (a {key} in the path
    # template) or None (the handler reads it itself). "" means the default for the method.
    api: str | None = ""
    convert: Convert | None = None

    def but(self, **changes: Any) -> Input:
        """A copy with some attributes changed (``required=True``, another label, ...)."""
        return replace(self, **changes)

    def to_api(self, value: Any) -> Any:
        return self.convert(value, self.key) if self.convert is not None else value

    def field_schema(self) -> dict[str, Any]:
        schema = dict(self.schema)
        if self.default is not None:
            schema["default"] = self.default
        return schema

    def inspector(self, index: int) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.widget}
        if self.group:
            out["group"] = self.group
        out["index"] = index
        out["label"] = self.label
        if self.default is not None:
            out["defaultValue"] = self.default
        if self.placeholder:
            out["placeholder"] = self.placeholder
        if self.tooltip:
            out["tooltip"] = self.tooltip
        if self.when:
            out["when"] = self.when
        if self.options is not None:
            out["options"] = [{"label": label, "value": value} for value, label in self.options]
        if self.source:
            out["source"] = self.source
        out.update(self.widget_extra)
        return out


# -- constructors -------------------------------------------------------------------------------


def text(
    key: str,
    label: str,
    tooltip: str | None = None,
    *,
    max_length: int | None = None,
    min_length: int | None = None,
    pattern: str | None = None,
    form: str | None = None,
    format: str | None = None,
    **more: Any,
) -> Input:
    """One line of text. ``form`` says in words what ``pattern`` wants (shown in errors)."""
    schema: dict[str, Any] = {"type": "string"}
    if format:
        schema["format"] = format
    if min_length is not None:
        schema["minLength"] = min_length
    if max_length is not None:
        schema["maxLength"] = max_length
    if pattern:
        schema["pattern"] = pattern
    if form:
        schema["description"] = form
    return Input(key, "text", schema, label, tooltip, **more)


def textarea(
    key: str,
    label: str,
    tooltip: str | None = None,
    *,
    max_length: int | None = None,
    not_blank: bool = False,
    **more: Any,
) -> Input:
    schema: dict[str, Any] = {"type": "string"}
    if not_blank:
        schema.update(minLength=1, pattern="\\S", description="text that is not blank")
    if max_length is not None:
        schema["maxLength"] = max_length
    return Input(key, "textarea", schema, label, tooltip, **more)


def identifier(
    key: str,
    label: str,
    tooltip: str,
    *,
    what: str = "an Intercom ID such as 6657ac8a6abd0166b52ae266",
    pattern: str = ID_PATTERN,
    **more: Any,
) -> Input:
    """An id typed or mapped as text (Intercom's ids are strings, some of digits only)."""
    return text(key, label, tooltip, pattern=pattern, form=what, **more)


def number(
    key: str,
    label: str,
    tooltip: str | None = None,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    integer: bool = True,
    **more: Any,
) -> Input:
    schema: dict[str, Any] = {"type": "integer" if integer else "number"}
    extra: dict[str, Any] = {}
    if minimum is not None:
        schema["minimum"] = extra["min"] = minimum
    if maximum is not None:
        schema["maximum"] = extra["max"] = maximum
    return Input(key, "number", schema, label, tooltip, widget_extra=extra, **more)


def toggle(key: str, label: str, tooltip: str | None = None, **more: Any) -> Input:
    return Input(key, "toggle", {"type": "boolean"}, label, tooltip, **more)


def choice(
    key: str,
    label: str,
    tooltip: str | None,
    options: Sequence[tuple[Any, str]],
    *,
    multiple: bool = False,
    **more: Any,
) -> Input:
    """A fixed list of values: a select, or a multiselect (``multiple``) that yields a list."""
    values = [value for value, _ in options]
    kind = "integer" if all(isinstance(v, int) and not isinstance(v, bool) for v in values) else "string"
    one = {"type": kind, "enum": values}
    if multiple:
        schema = {"type": "array", "items": one, "uniqueItems": True}
        return Input(key, "multiselect", schema, label, tooltip, options=tuple(options), **more)
    return Input(key, "select", one, label, tooltip, options=tuple(options), **more)


def dropdown(
    key: str,
    label: str,
    tooltip: str,
    source: dict[str, Any],
    *,
    pattern: str = ID_PATTERN,
    form: str = "an Intercom ID",
    multiple: bool = False,
    **more: Any,
) -> Input:
    """Choices filled from the account (``source``); a mapped or typed id is accepted too."""
    one = {"type": "string", "pattern": pattern, "description": form}
    if multiple:
        schema: dict[str, Any] = {"anyOf": [{"type": "array", "items": one, "uniqueItems": True}, one]}
        return Input(
            key, "multiselect", schema, label, tooltip, source=source, convert=_as_list_of_text, **more
        )
    return Input(key, "select", one, label, tooltip, source=source, **more)


def date_time(key: str, label: str, tooltip: str | None = None, **more: Any) -> Input:
    """A date picked in the Designer (ISO 8601) or mapped as Unix seconds; sent as Unix seconds."""
    schema = {
        "anyOf": [
            {"type": "integer", "minimum": 0, "maximum": MAX_UNIX_SECONDS},
            # Intercom keeps Unix seconds, none before 1970: the year is checked before any request.
            {"type": "string", "format": "date-time", "pattern": "^(19[7-9][0-9]|[2-9][0-9]{3})-"},
        ],
        "description": "an ISO 8601 date-time such as 2024-05-01T09:30:00Z, or Unix seconds",
    }
    more.setdefault("convert", unix_seconds)
    return Input(key, "date-time", schema, label, tooltip, **more)


def json_value(
    key: str,
    label: str,
    tooltip: str,
    *,
    kinds: Iterable[str] = ("object",),
    shape: dict[str, Any] | None = None,
    **more: Any,
) -> Input:
    """A JSON document typed in a textarea (text), or an object/array mapped from a prior step.

    ``shape`` is the JSON Schema the document must match, checked also when it came as text.
    """
    wanted = tuple(kinds)
    words = " or ".join(("an " if k[0] in "aeiou" else "a ") + k for k in wanted)
    as_value = shape or {"type": list(wanted) if len(wanted) > 1 else wanted[0]}
    schema = {"anyOf": [as_value, {"type": "string", "minLength": 1}], "description": f"JSON: {words}"}

    def parse(value: Any, name: str) -> Any:
        parsed = _parse_json(value, name, wanted)
        if shape is not None and isinstance(value, str):
            problem = best_match(Draft202012Validator(shape).iter_errors(parsed))
            if problem is not None:
                where = ".".join(str(p) for p in problem.absolute_path)
                raise InputError(f"{name}.{where}" if where else name, problem.message[:200])
        return parsed

    return Input(key, "textarea", schema, label, tooltip, convert=parse, **more)


def string_list(
    key: str,
    label: str,
    tooltip: str,
    *,
    item: dict[str, Any] | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
    **more: Any,
) -> Input:
    """Several values in a textarea, one per line (or a list mapped from a prior step)."""
    one = item or {"type": "string", "minLength": 1}
    as_array: dict[str, Any] = {"type": "array", "items": one}
    as_text: dict[str, Any] = {"type": "string"}
    if min_items is not None:
        as_array["minItems"] = min_items
        if min_items == 2:  # two non-blank lines: something, a line break, something
            as_text["pattern"] = "\\S\\s*[\\r\\n]\\s*\\S"
    if max_items is not None:
        as_array["maxItems"] = max_items
    schema = {"anyOf": [as_array, as_text], "description": "one value per line, or a list"}

    def split(value: Any, name: str) -> list[Any]:
        values = _as_list_of_text(value, name)
        if max_items is not None and len(values) > max_items:
            raise InputError(name, f"takes at most {max_items} values (got {len(values)})")
        if min_items is not None and len(values) < min_items:
            raise InputError(name, f"takes at least {min_items} values, one per line (got {len(values)})")
        return values

    return Input(key, "textarea", schema, label, tooltip, convert=split, **more)


def key_value(
    key: str,
    label: str,
    tooltip: str,
    *,
    values: dict[str, Any] | None = None,
    names: dict[str, Any] | None = None,
    key_label: str = "Name",
    value_label: str = "Value",
    **more: Any,
) -> Input:
    """Name/value rows (the key-value widget), or an object mapped from a prior step."""
    value_schema = values or {"type": ["string", "number", "boolean", "null"]}
    row = {
        "type": "object",
        "required": ["key"],
        "properties": {"key": names or {"type": "string", "minLength": 1}, "value": value_schema},
    }
    schema = {
        "anyOf": [
            {"type": "array", "items": row},
            {
                "type": "object",
                "additionalProperties": value_schema,
                **({"propertyNames": names} if names else {}),
            },
        ],
        "description": "rows of name and value",
    }
    extra = {"keyLabel": key_label, "valueLabel": value_label}
    return Input(key, "key-value", schema, label, tooltip, widget_extra=extra, convert=rows_to_object, **more)


@dataclass(frozen=True)
class Group:
    """Inputs shown together under one heading in the Inspector."""

    id: str
    label: str
    inputs: tuple[Input, ...]

    def __init__(self, id: str, label: str, *inputs: Input) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "inputs", tuple(i.but(group=id) for i in inputs))


def flatten(items: Iterable[Input | Group]) -> tuple[list[Input], dict[str, str]]:
    inputs: list[Input] = []
    groups: dict[str, str] = {}
    for item in items:
        if isinstance(item, Group):
            groups[item.id] = item.label
            inputs.extend(item.inputs)
        else:
            inputs.append(item)
    return inputs, groups


# -- converters ----------------------------------------------------------------------------------


def rows_to_object(value: Any, name: str) -> dict[str, Any]:
    """Key-value rows (``[{key, value}]``) to an object; an object passes as it is."""
    if isinstance(value, dict):
        return value
    if not isinstance(value, list):
        raise InputError(name, "must be rows of name and value")
    out: dict[str, Any] = {}
    for row in value:
        if isinstance(row, dict) and str(row.get("key") or "").strip():
            out[str(row["key"]).strip()] = row.get("value")
    return out


def _as_list_of_text(value: Any, name: str) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [line.strip() for line in re.split(r"[\r\n]+", value) if line.strip()]
    raise InputError(name, "must be a list, or text with one value per line")


def _parse_json(value: Any, name: str, kinds: tuple[str, ...]) -> Any:
    parsed = value
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):
            raise InputError(name, "is not valid JSON; check quotes and brackets") from None
    kind = "object" if isinstance(parsed, dict) else "array" if isinstance(parsed, list) else "other"
    if kind not in kinds:
        raise InputError(name, f"must be a JSON {' or '.join(kinds)}")
    return parsed
