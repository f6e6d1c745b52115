"""What the trigger tests share: a signed-notification builder, accounts, a runtime, a search fake."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from intercom.host import Bundle, Emitted
from intercom.host.triggers import TriggerRuntime
from intercom.storage import Connection, Store, TriggerInstance
from intercom.webhooks import sign
from tests.replay import TOKEN

SECRET = "client-secret-for-tests"
ALPHA, BETA = "wsalpha1", "wsbeta22"
DAY = 86_400


class Clock:
    """The runtime's clock, moved by hand."""

    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> float:
        return float(self.now)


def account(workspace_id: str, connection_id: str) -> Connection:
    return Connection(access_token=TOKEN, kind="token", workspace_id=workspace_id, id=connection_id)


class Accounts:
    def __init__(self, *connections: Connection) -> None:
        self.by_id = {c.id: c for c in connections}

    def get(self, connection_id: str) -> Connection | None:
        return self.by_id.get(connection_id)


@dataclass
class Outbox:
    """Everything the runtime emitted, with the instance that emitted it."""

    messages: list[tuple[str, Emitted]] = field(default_factory=list)
    fail_on: set[int] = field(default_factory=set)  # 1-based emission numbers that raise
    attempts: int = 0

    async def __call__(self, instance: TriggerInstance, message: Emitted) -> None:
        self.attempts += 1
        if self.attempts in self.fail_on:
            raise Crash(f"simulated crash on emission {self.attempts}")
        self.messages.append((instance.id, message))

    def of(self, instance: TriggerInstance) -> list[Any]:
        return [m.data for iid, m in self.messages if iid == instance.id]


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way catches it."""


def make_runtime(
    bundle: Bundle,
    *,
    clock: Clock,
    outbox: Outbox,
    accounts: Accounts,
    home: Path | None = None,
    store: Store | None = None,
) -> TriggerRuntime:
    """A runtime over the store in ``home`` (a restart opens the same one), or in memory.

    Claims last no time: a runtime that "crashed" in this process leaves nothing to wait for.
    """
    if store is None:
        store = Store(home / "store.db") if home is not None else Store.in_memory()
    return TriggerRuntime(
        bundle,
        store=store,
        accounts=accounts,
        config={"clientSecret": SECRET},
        on_emit=outbox,
        clock=clock,
        lease_seconds=0.0,
    )


def notification(
    topic: str,
    item: dict[str, Any],
    *,
    note_id: str | None = "notif_1",
    app_id: str = ALPHA,
    created_at: int = 1_717_000_000,
    attempts: int = 1,
) -> dict[str, Any]:
    return {
        "type": "notification_event",
        "app_id": app_id,
        "data": {"type": "notification_event_data", "item": item},
        "links": {},
        "id": note_id,
        "topic": topic,
        "delivery_status": "pending",
        "delivery_attempts": attempts,
        "delivered_at": 0,
        "first_sent_at": created_at,
        "created_at": created_at,
        "self": None,
    }


def encoded(envelope: dict[str, Any]) -> bytes:
    return json.dumps(envelope, separators=(",", ":")).encode()


def signed_headers(body: bytes, secret: str = SECRET) -> dict[str, str]:
    return {"X-Hub-Signature": sign(body, secret), "Content-Type": "application/json"}


async def deliver(client: httpx.AsyncClient, envelope: dict[str, Any]) -> httpx.Response:
    body = encoded(envelope)
    return await client.post("/webhooks/intercom", content=body, headers=signed_headers(body))


def utc_day(ts: int) -> int:
    return ts - ts % DAY


class FakeSearch:
    """Intercom's search over a scripted history, as strict about dates as Intercom.

    Dates compare by (UTC) calendar day: ``>`` matches from the midnight after the value. A
    record is only found once the clock passes its ``indexed_at`` (search lags creation), and
    pages hold ``page_size`` records whatever the request asks, so page boundaries are ours.
    """

    def __init__(self, clock: Clock, items_key: str, page_size: int = 2) -> None:
        self.clock = clock
        self.items_key = items_key
        self.page_size = page_size
        self.records: list[tuple[int, dict[str, Any]]] = []
        self.bodies: list[dict[str, Any]] = []

    def add(self, record: dict[str, Any], indexed_at: int | None = None) -> dict[str, Any]:
        self.records.append((indexed_at if indexed_at is not None else record["created_at"], record))
        return record

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        visible = [r for at, r in self.records if at <= self.clock.now and self._matches(body["query"], r)]
        visible.sort(key=lambda r: r["id"])
        cursor = (body.get("pagination") or {}).get("starting_after")
        start = int(cursor) if cursor else 0
        chunk = visible[start : start + self.page_size]
        pages: dict[str, Any] = {"type": "pages", "per_page": self.page_size}
        if start + self.page_size < len(visible):
            pages["next"] = {"starting_after": str(start + self.page_size)}
        return httpx.Response(200, json={self.items_key: chunk, "total_count": len(visible), "pages": pages})

    def _matches(self, query: dict[str, Any], record: dict[str, Any]) -> bool:
        if query.get("operator") == "AND":
            return all(self._matches(q, record) for q in query["value"])
        value, actual = query["value"], record.get(query["field"])
        if query["operator"] == "=":
            return actual == value
        assert query["operator"] == ">", f"the fake knows = and > only, got {query}"
        return utc_day(actual) > utc_day(value)
