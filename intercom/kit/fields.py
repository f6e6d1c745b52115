"""Turning inspector input into request bodies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..client import InputError


def compact(values: dict[str, Any]) -> dict[str, Any]:
    """Drop the fields a user left empty, so they are not sent as blanks that erase data."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != {}}


def pick(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The given keys of ``data`` that hold a value."""
    return compact({k: data.get(k) for k in keys})


def unix_seconds(value: Any, field: str) -> int | None:
    """Intercom wants Unix seconds; the Designer's date picker gives ISO 8601 text. Accept both."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(field, "must be a date: Unix seconds or ISO 8601 such as 2024-05-01T09:30:00Z")
    if isinstance(value, int | float):
        return int(value)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            field, f"{value!r} is not a date; use Unix seconds or ISO 8601 such as 2024-05-01T09:30:00Z"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return int(parsed.timestamp())
    except (OverflowError, ValueError):  # e.g. year 1 with a positive offset falls before year 1 in UTC
        raise InputError(field, f"{value!r} is outside the dates Intercom can store") from None
