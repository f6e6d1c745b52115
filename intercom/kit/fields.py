"""Turning inspector input into request bodies."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from ..client import InputError


def compact(values: dict[str, Any]) -> dict[str, Any]:
    """Drop the fields a user left empty, so they are not sent as blanks that erase data."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != {}}


def pick(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The given keys of ``data`` that hold a value."""
    return compact({k: data.get(k) for k in keys})


# 9999-12-31T23:59:59Z, the last instant a calendar date can name (and the schemas' maximum).
MAX_UNIX_SECONDS = 253_402_300_799
_DATE_HINT = "use Unix seconds or ISO 8601 such as 2024-05-01T09:30:00Z"


def unix_seconds(value: Any, field: str) -> int | None:
    """Intercom wants Unix seconds; the Designer's date picker gives ISO 8601 text. Accept both.

    Instants no calendar holds (``1e308``, infinity, past the year 9999 once in UTC) are refused
    here, before any request.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(field, f"must be a date: {_DATE_HINT}")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise InputError(field, f"{value!r} is not a date; {_DATE_HINT}")
        return _in_range(int(value), field, value)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InputError(field, f"{_short(value)} is not a date; {_DATE_HINT}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        seconds = int(parsed.timestamp())
    except (OverflowError, ValueError):  # e.g. year 1 with a positive offset falls before year 1 in UTC
        raise InputError(field, f"{_short(value)} is outside the dates Intercom can store") from None
    return _in_range(seconds, field, value)


def _in_range(seconds: int, field: str, given: Any) -> int:
    if abs(seconds) > MAX_UNIX_SECONDS:
        raise InputError(field, f"{_short(given)} is beyond the year 9999; give a real date ({_DATE_HINT})")
    return seconds


def _short(value: Any, limit: int = 40) -> str:
    """The value as quoted in an error: a short prefix, never a whole pasted document."""
    if isinstance(value, int) and value.bit_length() > 128:  # repr of 5,000 digits fails, and says nothing
        try:
            return f"a number of {len(str(abs(value)))} digits"
        except ValueError:  # more than Python prints (4,300 digits)
            return "a number of more than 4300 digits"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"
