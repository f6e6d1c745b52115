"""Validating an input message against its port schema, with errors a user can act on."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from .suggest import did_you_mean

_FORMATS = FormatChecker([])
# What an error quotes of a value: enough to recognise it, never a whole pasted document.
_QUOTE_CHARS = 40
# 9999-12-31T23:59:59Z: the last instant a date can name.
_LAST_INSTANT = 253_402_300_799


def _quote(value: Any) -> str:
    """``repr(value)``, cut to a short prefix (with the full length) when it is long."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        try:
            return f"a number of {len(str(abs(value)))} digits"
        except ValueError:  # more than Python prints (4,300 digits)
            return "a number of more than 4300 digits"
    text = repr(value)
    if len(text) <= _QUOTE_CHARS:
        return text
    size = f", {len(value)} characters" if isinstance(value, str) else ""
    return f"{text[:_QUOTE_CHARS]}…{size}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _control(text: str) -> str | None:
    return next((c for c in text if ord(c) < 32 or ord(c) == 127), None)


@_FORMATS.checks("email", raises=ValueError)
def _is_email(value: object) -> bool:
    """One @ between a local part and a dotted domain; no spaces, line breaks or NUL (which
    would travel into Intercom's emails and their headers)."""
    if not isinstance(value, str):
        return True
    local, at, domain = value.rpartition("@")
    return (bool(at and local and "." in domain.strip(".")) and len(value) <= 254
            and _control(value) is None and not any(c.isspace() for c in value))


# jsonschema checks these two only with optional extra packages; these are strict enough for
# input a person typed, with nothing more to install.
@_FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    # Only web addresses: a javascript: or data: URL in an avatar or link would run in a browser.
    return (parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
            and not any(c.isspace() for c in value) and _control(value) is None)


@_FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    if "T" not in value.upper() or parsed.tzinfo is None:
        return False
    try:  # 9999-12-31T23:59:59-05:00 is already in the year 10000 in UTC
        return parsed.timestamp() <= _LAST_INSTANT
    except (OverflowError, ValueError):
        return False


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
        expected = error.schema.get("description")
        if expected and error.context and all(
                sub.absolute_path == error.absolute_path and sub.validator in _LEAF_CHECKS
                for sub in error.context):
            # Every alternative failed on the value itself (a date given as neither ISO text nor
            # Unix seconds): the schema's own words say what is accepted.
            return f"field '{field}' must be {expected} (got {_quote(value)})"
        if error.context:
            return _closest_alternative(error)
    if v == "const":
        why = error.schema.get("description")
        reason = f": {why}" if why else ""
        return f"field '{field}' must be {error.validator_value!r} (got {_quote(value)}){reason}"
    if v == "type":
        hint = _quoting_hint(value, error.validator_value)
        return f"field '{field}' must be {_type_words(error.validator_value)} (got {_quote(value)}){hint}"
    if v == "enum":
        allowed = ", ".join(repr(x) for x in error.validator_value)
        hint = did_you_mean(value, [str(x) for x in error.validator_value]) if isinstance(value, str) else ""
        return f"field '{field}' must be one of {allowed} (got {_quote(value)}){hint}"
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = {"minimum": "at least", "maximum": "at most",
                "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[v]
        return f"field '{field}' must be {word} {error.validator_value} (got {_quote(value)})"
    if v in ("minLength", "maxLength", "minItems", "maxItems"):
        if len(repr(value)) <= _QUOTE_CHARS:
            return f"field '{field}': {error.message}"
        unit = "characters" if v.endswith("Length") else "items"
        word = "at least" if v.startswith("min") else "at most"
        return f"field '{field}' must hold {word} {error.validator_value} {unit} (got {_quote(value)})"
    if v == "pattern":
        expected = error.schema.get("description") or f"pattern {error.validator_value}"
        return f"field '{field}' has the wrong form (got {_quote(value)}); expected {expected}"
    if v == "format":
        expected = error.schema.get("description") or _FORMAT_WORDS.get(
            error.validator_value, f"a valid {error.validator_value}")
        return f"field '{field}' must be {expected} (got {_quote(value)})"
    if v == "additionalProperties":
        return _unknown_fields(error, field)
    return f"field '{field}': {_short(error.message, 200)}"


# Checks of the value itself (not of what it holds): when each alternative fails on one of
# these, no alternative is "closer" than another.
_LEAF_CHECKS = {"type", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "pattern"}
_TYPE_WORDS = {
    "integer": "a whole number", "number": "a number", "string": "text", "boolean": "true or false",
    "object": "a JSON object", "array": "a list", "null": "null",
}
_FORMAT_WORDS = {
    "email": "an email address such as ada@example.com",
    "uri": "a URL such as https://example.com/page",
    "date-time": "an ISO 8601 date-time such as 2024-05-01T09:30:00Z",
}


def _type_words(kind: Any) -> str:
    kinds = kind if isinstance(kind, list) else [kind]
    return " or ".join(_TYPE_WORDS.get(str(k), str(k)) for k in kinds)


def _quoting_hint(value: Any, kind: Any) -> str:
    """Quotes too many or too few are the most common slip when typing JSON; say so."""
    kinds = set(kind if isinstance(kind, list) else [kind])
    if isinstance(value, str) and "string" not in kinds:
        text = value.strip()
        number = bool(kinds & {"integer", "number"}) and text.lstrip("-").replace(".", "", 1).isdigit()
        if number or ("boolean" in kinds and text in ("true", "false")):
            return f"; write it without quotes: {text}"
    if kinds == {"string"} and isinstance(value, int | float) and not isinstance(value, bool):
        return f'; write it in quotes: "{value}"'
    return ""


def _unknown_fields(error: ValidationError, field: str) -> str:
    known = list((error.schema.get("properties") or {}).keys())
    extra = sorted(set(error.instance) - set(known)) if isinstance(error.instance, dict) else []
    where = f" in '{field}'" if field != "(message)" else ""
    if not extra:
        return f"{error.message}; remove the unknown field{where}"
    parts = []
    for name in extra:
        hint = did_you_mean(name, known)
        parts.append(f"unknown field '{name}'{where}{hint}" if hint else f"unknown field '{name}'{where}")
    if not any("did you mean" in part for part in parts) and known:
        parts[-1] += f"; the fields are: {', '.join(known)}"
    return "; ".join(parts)


def _closest_alternative(error: ValidationError) -> str:
    """Of anyOf/oneOf alternatives, say what is wrong with the one the input came closest to."""
    by_branch: dict[Any, list[ValidationError]] = {}
    for sub in error.context or []:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    if all(len(errs) == 1 and errs[0].validator == "type" for errs in by_branch.values()):
        types = " or ".join(_type_name(errs[0].schema) for errs in by_branch.values())
        return f"field '{_field(error)}' must be {types} (got {_quote(error.instance)})"
    fewest = min(by_branch.values(), key=lambda errs: (len(errs), -max(len(e.absolute_path) for e in errs)))
    return describe(best_match(fewest))


def _type_name(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if kind == "array":
        return f"a list of {(schema.get('items') or {}).get('type', 'value')}s"
    return {"null": "null", "integer": "an integer", "object": "an object"}.get(str(kind), f"a {kind}")


# One validator per schema object, made on first use: the host's manifests live as long as the
# process, so each action's call validates without setting a validator up again. Bounded, so
# schemas made on the fly (tests, generated inspectors) cannot pile up.
_VALIDATORS: OrderedDict[int, tuple[dict[str, Any], Draft202012Validator]] = OrderedDict()
_MAX_VALIDATORS = 1024


def validator_for(schema: dict[str, Any]) -> Draft202012Validator:
    cached = _VALIDATORS.get(id(schema))
    if cached is not None and cached[0] is schema:
        _VALIDATORS.move_to_end(id(schema))
        return cached[1]
    validator = Draft202012Validator(schema, format_checker=_FORMATS)
    _VALIDATORS[id(schema)] = (schema, validator)  # the schema is held, so its id stays its own
    if len(_VALIDATORS) > _MAX_VALIDATORS:
        _VALIDATORS.popitem(last=False)
    return validator


def input_errors(schema: dict[str, Any], content: Any) -> list[str]:
    validator = validator_for(schema)
    errors = sorted(validator.iter_errors(content), key=lambda e: (list(e.absolute_path), e.validator))
    return [describe(e) for e in errors]
