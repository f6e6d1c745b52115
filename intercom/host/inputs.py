"""Validating an input message against its port schema, with errors a user can act on."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

_FORMATS = FormatChecker(["email"])


# jsonschema checks these two only with optional extra packages; these are strict enough for
# input a person typed, with nothing more to install.
@_FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and not any(c.isspace() for c in value)


@_FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return "T" in value.upper() and parsed.tzinfo is not None


def _field(error: ValidationError) -> str:
    path = ".".join(str(p) for p in error.absolute_path)
    return path or "(message)"


def describe(error: ValidationError) -> str:
    """One sentence naming the field, what was given and what is expected."""
    field = _field(error)
    v, value = error.validator, error.instance
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        where = f"{field}." if field != "(message)" else ""
        return f"field '{where}{missing}' is required"
    if v in ("anyOf", "oneOf"):
        groups = [s.get("required") for s in error.validator_value if isinstance(s, dict)]
        if groups and all(groups):
            names = ", ".join(sorted({n for g in groups for n in g}))
            return f"give {'exactly' if v == 'oneOf' else 'at least'} one of: {names}"
        if error.context:
            return _closest_alternative(error)
    if v == "const":
        why = error.schema.get("description")
        reason = f": {why}" if why else ""
        return f"field '{field}' must be {error.validator_value!r} (got {value!r}){reason}"
    if v == "type":
        return f"field '{field}' must be of type {error.validator_value} (got {value!r})"
    if v == "enum":
        allowed = ", ".join(repr(x) for x in error.validator_value)
        return f"field '{field}' must be one of {allowed} (got {value!r})"
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = {"minimum": "at least", "maximum": "at most",
                "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[v]
        return f"field '{field}' must be {word} {error.validator_value} (got {value!r})"
    if v in ("minLength", "maxLength", "minItems", "maxItems"):
        return f"field '{field}': {error.message}"
    if v == "pattern":
        expected = error.schema.get("description") or f"pattern {error.validator_value}"
        return f"field '{field}' has the wrong form (got {value!r}); expected {expected}"
    if v == "format":
        return f"field '{field}' must be a valid {error.validator_value} (got {value!r})"
    if v == "additionalProperties":
        where = f" from '{field}'" if field != "(message)" else ""
        return f"{error.message}; remove the unknown field{where}"
    return f"field '{field}': {error.message}"


def _closest_alternative(error: ValidationError) -> str:
    """Of anyOf/oneOf alternatives, say what is wrong with the one the input came closest to."""
    by_branch: dict[Any, list[ValidationError]] = {}
    for sub in error.context or []:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    if all(len(errs) == 1 and errs[0].validator == "type" for errs in by_branch.values()):
        types = " or ".join(_type_name(errs[0].schema) for errs in by_branch.values())
        return f"field '{_field(error)}' must be {types} (got {error.instance!r})"
    fewest = min(by_branch.values(), key=lambda errs: (len(errs), -max(len(e.absolute_path) for e in errs)))
    return describe(best_match(fewest))


def _type_name(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if kind == "array":
        return f"a list of {(schema.get('items') or {}).get('type', 'value')}s"
    return {"null": "null", "integer": "an integer", "object": "an object"}.get(str(kind), f"a {kind}")


def input_errors(schema: dict[str, Any], content: Any) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=_FORMATS)
    errors = sorted(validator.iter_errors(content), key=lambda e: (list(e.absolute_path), e.validator))
    return [describe(e) for e in errors]
