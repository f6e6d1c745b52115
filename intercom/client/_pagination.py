"""One paginator per pagination style of Intercom API 2.10.

A paginator turns "the request that fetched this page" plus "the page's body" into the request
for the next page, or None at the end. The client owns the only loop (``iter_pages``); every
list component picks a paginator by style instead of writing its own ``while`` loop.

| style    | class                | where the cursor travels                          |
|----------|----------------------|---------------------------------------------------|
| cursor   | CursorPaginator      | query ``starting_after`` (GET /contacts, ...)      |
| search   | SearchPaginator      | body ``pagination.starting_after`` (POST */search) |
| page     | PageNumberPaginator  | query ``page`` (POST /companies/list, notes, ...)  |
| scroll   | ScrollPaginator      | query ``scroll_param`` (GET /companies/scroll)     |
| url      | NextUrlPaginator     | ``pages.next`` is the next page's URL (GET /events) |
| single   | SinglePagePaginator  | none: the whole list comes in one answer           |
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from ._constants import MAX_PER_PAGE
from ._errors import IntercomError


@dataclass(frozen=True)
class PageRequest:
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None


@dataclass(frozen=True)
class Page:
    """One page of results, with the request that fetched it (for logs and tests)."""

    items: list[dict[str, Any]]
    body: dict[str, Any]
    request: PageRequest
    number: int

    @property
    def total_count(self) -> int | None:
        total = self.body.get("total_count")
        return total if isinstance(total, int) else None


class PaginationLoopError(IntercomError):
    """Intercom handed back a cursor it had already given: stop instead of looping forever."""


class BasePaginator:
    """Shared bookkeeping: page counting and repeated-cursor detection."""

    def __init__(self, items_key: str = "data", per_page: int | None = MAX_PER_PAGE) -> None:
        self.items_key = items_key
        self.per_page = per_page
        self._seen: set[str] = set()

    def first_request(self, request: PageRequest) -> PageRequest:
        return request

    def guess_next(self, request: PageRequest, raw: bytes) -> PageRequest | None:
        """The next page's request read off the unparsed answer, when a style can; else None."""
        return None

    def items(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        items = self.items_in(body)
        return items if isinstance(items, list) else []

    def items_in(self, body: dict[str, Any]) -> Any:
        """What the page holds at ``items_key``; a dotted key (``data.articles``) reads inside objects,
        and ``a|b`` takes the first that is there (where the live API and the 2.10 description
        name a list differently)."""
        for key in self.items_key.split("|"):
            found: Any = body
            for part in key.split("."):
                found = found.get(part) if isinstance(found, dict) else None
            if found is not None:
                return found
        return None

    def next_request(self, request: PageRequest, body: dict[str, Any]) -> PageRequest | None:
        raise NotImplementedError

    def _check_cursor(self, cursor: str) -> None:
        if cursor in self._seen:
            raise PaginationLoopError(f"Intercom repeated the page cursor {cursor!r}")
        self._seen.add(cursor)


_RAW_CURSOR = re.compile(rb'"starting_after"\s*:\s*"([A-Za-z0-9+/=_.:-]{1,512})"')


def _next_cursor(body: dict[str, Any]) -> str | None:
    pages = body.get("pages")
    nxt = pages.get("next") if isinstance(pages, dict) else None
    if isinstance(nxt, dict):
        cursor = nxt.get("starting_after")
        return cursor if isinstance(cursor, str) and cursor else None
    if isinstance(nxt, str):
        # Some live lists put the next page's URL here, with the cursor in its query string.
        try:
            cursor = httpx.URL(nxt).params.get("starting_after")
        except httpx.InvalidURL:
            return None
        return cursor or None
    return None


def _whole_number(value: Any) -> int | None:
    """A page count as Intercom may send it: an int, a numeric string ("5"), or null."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


class CursorPaginator(BasePaginator):
    def first_request(self, request: PageRequest) -> PageRequest:
        return replace(request, params={**request.params, "per_page": self.per_page})

    def next_request(self, request: PageRequest, body: dict[str, Any]) -> PageRequest | None:
        cursor = _next_cursor(body)
        if cursor is None:
            return None
        self._check_cursor(cursor)
        return replace(request, params={**request.params, "starting_after": cursor})

    def guess_next(self, request: PageRequest, raw: bytes) -> PageRequest | None:
        # The last "starting_after" key of the raw answer: Intercom sends "pages" after "data".
        # Only a guess, to ask for the next page while this one is parsed: next_request decides.
        at = raw.rfind(b'"starting_after"')
        found = _RAW_CURSOR.match(raw, at) if at >= 0 else None
        if found is None:
            return None
        return replace(request, params={**request.params, "starting_after": found.group(1).decode("ascii")})


class SearchPaginator(BasePaginator):
    @staticmethod
    def _with_pagination(request: PageRequest, **values: Any) -> PageRequest:
        body = copy.deepcopy(request.json) if isinstance(request.json, dict) else {}
        body["pagination"] = {**(body.get("pagination") or {}), **values}
        return replace(request, json=body)

    def first_request(self, request: PageRequest) -> PageRequest:
        return self._with_pagination(request, per_page=self.per_page)

    def next_request(self, request: PageRequest, body: dict[str, Any]) -> PageRequest | None:
        cursor = _next_cursor(body)
        if cursor is None:
            return None
        self._check_cursor(cursor)
        return self._with_pagination(request, starting_after=cursor)


class PageNumberPaginator(BasePaginator):
    def first_request(self, request: PageRequest) -> PageRequest:
        params = {**request.params, "page": 1}
        if self.per_page:
            params["per_page"] = self.per_page
        return replace(request, params=params)

    def next_request(self, request: PageRequest, body: dict[str, Any]) -> PageRequest | None:
        if not self.items(body):
            return None
        page = int(request.params.get("page", 1))
        pages = body.get("pages") if isinstance(body.get("pages"), dict) else {}
        # total_pages may be absent, null or a string: without a usable count, the next
        # (possibly empty) page decides.
        total = _whole_number(pages.get("total_pages"))
        if total is not None and page >= total:
            return None
        return replace(request, params={**request.params, "page": page + 1})


class ScrollPaginator(BasePaginator):
    def next_request(self, request: PageRequest, body: dict[str, Any]) -> PageRequest | None:
        scroll = body.get("scroll_param")
        if not self.items(body) or not isinstance(scroll, str) or not scroll:
            return None
        return replace(request, params={**request.params, "scroll_param": scroll})


class NextUrlPaginator(BasePaginator):
    """``pages.next`` is the whole URL of the next page (GET /events): follow it as it is."""

    def first_request(self, request: PageRequest) -> PageRequest:
        return replace(request, params={**request.params, "per_page": self.per_page})

    def next_request(self, request: PageRequest, body: dict[str, Any]) -> PageRequest | None:
        pages = body.get("pages")
        nxt = pages.get("next") if isinstance(pages, dict) else None
        if not self.items(body) or not isinstance(nxt, str) or not nxt:
            return None
        self._check_cursor(nxt)
        # The URL carries every parameter; the client refuses one on another host.
        return replace(request, path=nxt, params={})


class SinglePagePaginator(BasePaginator):
    def next_request(self, request: PageRequest, body: dict[str, Any]) -> PageRequest | None:
        return None


PAGINATORS: dict[str, type[BasePaginator]] = {
    "cursor": CursorPaginator,
    "search": SearchPaginator,
    "page": PageNumberPaginator,
    "scroll": ScrollPaginator,
    "url": NextUrlPaginator,
    "single": SinglePagePaginator,
}
