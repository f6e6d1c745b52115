"""Shared constants and small types of the sandbox tests (imported by conftest and test modules)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from intercom_sandbox import SandboxStore

API_HEADERS = {"Authorization": "Bearer sandbox-test-token", "Intercom-Version": "2.10"}

# 2024-03-10 00:00:00 UTC: a fixed "now" so day-granular behaviour is reproducible.
MIDNIGHT = 1_710_028_800


@dataclass
class Sandbox:
    client: httpx.AsyncClient
    store: SandboxStore

    async def create_contact(self, **fields: Any) -> dict[str, Any]:
        response = await self.client.post("/contacts", json=fields)
        assert response.status_code == 200, response.text
        return response.json()


SandboxFactory = Callable[..., Awaitable[Sandbox]]


@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    """A plain stdlib HTTP server that records every POST it gets, raw body included."""

    url: str
    requests: list[ReceivedRequest] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0  # seconds to stall before answering, to play a slow receiver


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Check Intercom's error envelope, and that its request id matches the header."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["type"] == "error.list"
    assert body["errors"][0]["code"] == code, body
    assert body["request_id"] == response.headers["X-Request-Id"]
    return body
