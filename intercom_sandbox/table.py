"""A store table: records by id that also keep their creation order as a sorted index.

Lists in creation order (contacts, conversations, companies by page or scroll) find a page by
binary search on that index and read only the page's records, so a page costs the same in a
store of 1,000 records as in one of 100,000.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

Record = dict[str, Any]


class Table(dict[str, Record]):
    """A dict of records (each with its ``_seq``), indexed by ``_seq`` on every write."""

    def __init__(self) -> None:
        super().__init__()
        self._seqs: list[int] = []
        self._ids: list[str] = []

    def __setitem__(self, key: str, record: Record) -> None:
        if key in self:
            self._unindex(key)
        super().__setitem__(key, record)
        seq = record["_seq"]
        if not self._seqs or seq > self._seqs[-1]:  # the usual case: a new record is the newest
            self._seqs.append(seq)
            self._ids.append(key)
        else:
            at = bisect_right(self._seqs, seq)
            self._seqs.insert(at, seq)
            self._ids.insert(at, key)

    def __delitem__(self, key: str) -> None:
        self._unindex(key)
        super().__delitem__(key)

    def pop(self, key: str, *default: Any) -> Any:
        if key in self:
            self._unindex(key)
        return super().pop(key, *default)

    def popitem(self) -> tuple[str, Record]:
        key = next(reversed(self))
        return key, self.pop(key)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *others: Any, **more: Record) -> None:
        for key, record in dict(*others, **more).items():
            self[key] = record

    def clear(self) -> None:
        super().clear()
        self._seqs.clear()
        self._ids.clear()

    def _unindex(self, key: str) -> None:
        at = bisect_left(self._seqs, self[key]["_seq"])
        while self._ids[at] != key:  # equal _seq values (never made by the store) sit side by side
            at += 1
        del self._seqs[at]
        del self._ids[at]

    # -- reading in creation order ---------------------------------------------------------

    def position_after(self, seq: int) -> int:
        """How many records were created at or before ``seq``."""
        return bisect_right(self._seqs, seq)

    def in_order(self, start: int, stop: int) -> list[Record]:
        """The records at creation positions ``start`` up to ``stop`` (exclusive)."""
        return [self[key] for key in self._ids[max(0, start) : max(0, stop)]]

    def oldest_first(self) -> Iterable[Record]:
        return (self[key] for key in self._ids)
