"""Test doubles shared by several test modules."""

from __future__ import annotations

import json
import math
from typing import Any

import httpx


class FakeClock:
    """A clock whose sleeps return at once and move time forward, recording each wait."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.current = now
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.current

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.current += seconds


def contact(i: int) -> dict[str, Any]:
    return {"type": "contact", "id": f"{i:024x}", "role": "user", "email": f"c{i}@example.test"}


class FakeCursorPager:
    """Serves any list of records in Intercom's cursor shape (GET query or search body)."""

    def __init__(self, records: list[dict[str, Any]], items_key: str = "data") -> None:
        self.records = records
        self.items_key = items_key
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.method == "POST":
            pagination = (json.loads(request.content) or {}).get("pagination") or {}
            per_page = int(pagination.get("per_page", 50))
            cursor = pagination.get("starting_after")
        else:
            per_page = int(request.url.params.get("per_page", 50))
            cursor = request.url.params.get("starting_after")
        start = int(cursor.removeprefix("cur-")) if cursor else 0
        chunk = self.records[start : start + per_page]
        page = start // per_page + 1
        total_pages = max(1, math.ceil(len(self.records) / per_page))
        pages: dict[str, Any] = {"type": "pages", "page": page, "per_page": per_page, "total_pages": total_pages}
        if start + per_page < len(self.records):
            pages["next"] = {"page": page + 1, "starting_after": f"cur-{start + per_page}"}
        body = {"type": "list", self.items_key: chunk, "total_count": len(self.records), "pages": pages}
        return httpx.Response(200, json=body)
