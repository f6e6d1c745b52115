"""JSON from outside (a webhook body, a ``--input`` option), parsed within bounds.

``json.loads`` alone raises RecursionError for deep nesting, a ValueError unlike its own for a
number of more than 4,300 digits, and accepts NaN, Infinity and lone UTF-16 surrogates, all of
which fail later and further from the cause. Here each is one ValueError saying what is wrong.
"""

from __future__ import annotations

import json
import math
import re
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


# Once the raw text is known to be valid UTF-8, a lone surrogate can reach a parsed string only
# through a \uD800-\uDFFF escape; without one in the text, the strings need no second look.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite)


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH, max_int_digits: int | None = None) -> Any:
    """Parse ``text``; ValueError (with a short reason) for anything outside the bounds.

    Text that is not JSON at all raises json.JSONDecodeError (a ValueError), with its position.
    """
    if isinstance(text, bytes):
        try:
            # Strict: json.loads would let encoded surrogates through ("surrogatepass").
            text = text.decode(json.detect_encoding(text))
        except UnicodeError:
            raise ValueError("it is not UTF-8 text") from None
    else:
        _check_text(text)
    decoder = _DECODER
    if max_int_digits is not None:
        limit = max_int_digits

        def integer(digits: str) -> int:
            if len(digits.lstrip("-")) > limit:
                raise ValueError(f"a number has {len(digits.lstrip('-'))} digits (at most {limit})")
            return int(digits)

        decoder = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite, parse_int=integer)
    try:
        if text.startswith("\ufeff"):
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = decoder.decode(text)
    except RecursionError:
        raise ValueError(f"it is nested more than {max_depth} levels deep") from None
    except json.JSONDecodeError:
        raise  # a ValueError already, with the position
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's own 4,300-digit limit
            raise ValueError("a number has more than 4300 digits") from None
        raise
    texts = _SURROGATE_ESCAPE.search(text) is not None
    # Fewer brackets than the bound (strings' own included) cannot nest deeper than it.
    if texts or text.count("[") + text.count("{") > max_depth:
        check_shape(value, max_depth, texts=texts)
    return value


def check_shape(value: Any, max_depth: int = MAX_DEPTH, *, texts: bool = True) -> None:
    """No container deeper than ``max_depth``; with ``texts``, every string and key valid Unicode."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if texts:
                _check_text(item)
        elif isinstance(item, dict | list):
            if depth > max_depth:
                raise ValueError(f"it is nested more than {max_depth} levels deep")
            children = item.values() if isinstance(item, dict) else item
            if texts and isinstance(item, dict):
                for key in item:
                    _check_text(key)
            stack.extend((child, depth + 1) for child in children
                         if texts or isinstance(child, dict | list))


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("it holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not text") from None


def _prefix(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
