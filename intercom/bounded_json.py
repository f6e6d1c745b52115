"""JSON from outside (a webhook body, a ``--input`` option), parsed within bounds.

``json.loads`` alone raises RecursionError for deep nesting, a ValueError unlike its own for a
number of more than 4,300 digits, and accepts NaN, Infinity and lone UTF-16 surrogates, all of
which fail later and further from the cause. Here each is one ValueError saying what is wrong.
"""

from __future__ import annotations

import json
import math
from typing import Any

# Deeper than any Intercom record or component input (about ten levels), shallow enough that
# nothing downstream that walks the value recursively can run out of stack.
MAX_DEPTH = 64


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number; give a finite number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {_prefix(text)} is too large to be a number; give a finite number")
    return value


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH, max_int_digits: int | None = None) -> Any:
    """Parse ``text``; ValueError (with a short reason) for anything outside the bounds.

    Text that is not JSON at all raises json.JSONDecodeError (a ValueError), with its position.
    """

    def integer(digits: str) -> int:
        if max_int_digits is not None and len(digits.lstrip("-")) > max_int_digits:
            raise ValueError(f"a number has {len(digits.lstrip('-'))} digits (at most {max_int_digits})")
        return int(digits)

    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite, parse_int=integer)
    except RecursionError:
        raise ValueError(f"it is nested more than {max_depth} levels deep") from None
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    except json.JSONDecodeError:
        raise  # a ValueError already, with the position
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's own 4,300-digit limit
            raise ValueError("a number has more than 4300 digits") from None
        raise
    check_shape(value, max_depth)
    return value


def check_shape(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """No container deeper than ``max_depth``; every string and key valid Unicode."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict | list):
            if depth > max_depth:
                raise ValueError(f"it is nested more than {max_depth} levels deep")
            if isinstance(item, dict):
                for key in item:
                    _check_text(key)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("it holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not text") from None


def _prefix(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
