"""Intercom's two paging styles: opaque `starting_after` cursors and plain page numbers.

Cursors are keyset cursors (sort value + creation order of the last item served), encoded as
padded base64 like Intercom's, so deleting a record between calls never shifts later pages.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import total_ordering
from operator import itemgetter
from typing import Any

from .errors import invalid
from .table import Table

MAX_PER_PAGE = 150


def parse_positive_int(raw: Any, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    if isinstance(raw, bool):
        raise invalid(f"{name} must be an integer", name)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise invalid(f"{name} must be an integer", name) from None
    if value < 1:
        raise invalid(f"{name} must be greater than 0", name)
    return value


def parse_per_page(raw: Any, default: int) -> int:
    """Intercom caps page sizes at 150 instead of refusing larger ones."""
    return min(parse_positive_int(raw, "per_page", default), MAX_PER_PAGE)


@total_ordering
class _Descending:
    """Inverts the order of a value so one ascending sort serves both directions."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.value == other.value

    def __lt__(self, other: _Descending) -> bool:
        return other.value < self.value

    def __hash__(self) -> int:
        return hash(self.value)


def _normalise(value: Any) -> tuple[int, Any]:
    # Rank by type first so a field holding ints for some records and strings for others sorts.
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).lower())


@dataclass(frozen=True)
class SortOrder:
    """How to order records: by a value getter (None last), ties broken by creation order."""

    value_of: Callable[[dict[str, Any]], Any] | None = None
    descending: bool = False

    def raw_key(self, record: dict[str, Any]) -> list[Any]:
        value = self.value_of(record) if self.value_of else None
        missing = value is None
        rank, normalised = _normalise(value) if not missing else (0, 0)
        return [int(missing), rank, normalised, record["_seq"]]

    def comparable(self, raw: list[Any]) -> tuple[Any, ...]:
        missing, rank, normalised, seq = raw
        if self.descending:
            return (missing, _Descending((rank, normalised)), seq)
        return (missing, rank, normalised, seq)

    def key(self, record: dict[str, Any]) -> tuple[Any, ...]:
        return self.comparable(self.raw_key(record))

    def sort(self, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.value_of is None:
            # Creation order: records usually come in it already (dicts keep insertion order),
            # and an int key lets the sort check that in C instead of building a key per record.
            return sorted(records, key=itemgetter("_seq"))
        if self.descending:
            # The same order as ``key`` without a Python comparison per pair: creation order first,
            # then a stable sort on the value, newest value first and missing values last.
            by_creation = sorted(records, key=itemgetter("_seq"))
            return sorted(by_creation, key=self._present_value, reverse=True)
        return sorted(records, key=self.key)

    def _present_value(self, record: dict[str, Any]) -> tuple[Any, ...]:
        missing, rank, normalised, _ = self.raw_key(record)
        return (1 - missing, rank, normalised)


def encode_cursor(page: int, raw_key: list[Any]) -> str:
    return base64.b64encode(json.dumps([page, *raw_key], separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str) -> tuple[int, list[Any]]:
    try:
        decoded = json.loads(base64.b64decode(cursor.encode(), validate=True))
        page, *raw_key = decoded
        if not isinstance(page, int) or len(raw_key) != 4:
            raise ValueError
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise invalid("starting_after is not a valid cursor", "starting_after") from None
    return page, raw_key


Render = Callable[[dict[str, Any]], dict[str, Any]]
# What a list pages through: records in any order, or a whole table in creation order.
Records = Sequence[dict[str, Any]] | Table


@dataclass
class Page:
    items: list[dict[str, Any]]
    pages: dict[str, Any]
    total_count: int

    def body(self, list_type: str, key: str, render: Render) -> dict[str, Any]:
        """Intercom's list envelope: the rendered items under ``key``, plus the paging fields."""
        return {"type": list_type, key: [render(r) for r in self.items],
                "total_count": self.total_count, "pages": self.pages}


def cursor_page(
    records: Records, order: SortOrder, *, per_page: int, starting_after: str | None
) -> Page:
    """One page of ``records`` after the cursor, with Intercom's `pages` object.

    A whole ``Table`` in creation order is paged on its index: the page's records are the only
    ones read. Anything else is sorted, then cut with a binary search on the sort key.
    """
    page_number, raw_key = decode_cursor(starting_after) if starting_after else (1, None)
    if isinstance(records, Table) and order.value_of is None and _creation_key(raw_key):
        total = len(records)
        start = records.position_after(raw_key[3]) if raw_key else 0
        items = records.in_order(start, start + per_page)
    else:
        ordered = order.sort(records)
        total = len(ordered)
        start = bisect_right(ordered, order.comparable(raw_key), key=order.key) if raw_key else 0
        items = ordered[start : start + per_page]
    pages: dict[str, Any] = {
        "type": "pages",
        "page": page_number,
        "per_page": per_page,
        "total_pages": math.ceil(total / per_page),
    }
    if start + per_page < total and items:
        pages["next"] = {
            "page": page_number + 1,
            "starting_after": encode_cursor(page_number + 1, order.raw_key(items[-1])),
        }
    return Page(items, pages, total)


def _creation_key(raw_key: list[Any] | None) -> bool:
    """No cursor, or one made by the creation order (no sort value, an integer ``_seq``)."""
    return raw_key is None or (raw_key[:3] == [1, 0, 0] and type(raw_key[3]) is int)


def number_page(
    records: Records, *, page: int, per_page: int, next_url: Callable[[int, int], str]
) -> Page:
    """Page-number paging (companies list, notes, a contact's companies); a ``Table`` goes in
    creation order and only the page's records are read.

    As live, `next` is the URL of the following page (built by ``next_url(page, per_page)``),
    not the cursor object of cursor lists; it is null on the last page.
    """
    total = len(records)
    start = (page - 1) * per_page
    total_pages = math.ceil(total / per_page)
    pages: dict[str, Any] = {
        "type": "pages",
        "page": page,
        "per_page": per_page,
        "total_pages": total_pages,
        "next": next_url(page + 1, per_page) if page < total_pages else None,
    }
    if isinstance(records, Table):
        return Page(records.in_order(start, start + per_page), pages, total)
    return Page(list(records[start : start + per_page]), pages, total)


def page_numbers(query: Any, default_per_page: int) -> tuple[int, int]:
    """``page`` and ``per_page`` from a query string, with Intercom's defaults and cap."""
    page = parse_positive_int(query.get("page"), "page", 1)
    return page, parse_per_page(query.get("per_page"), default_per_page)
