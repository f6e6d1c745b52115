"""Replaying recorded Intercom exchanges with respx, strictly and in order.

A scenario file (tests/fixtures/<Component>/<case>.json) holds the component's input, the
exchanges it must have with Intercom (request: method, path, query, body, and any header it
must carry; response: status, headers, and a JSON body or, for downloads, ``gzipped_text``)
and what it must emit. A request that differs from the next recorded one, or
that comes when none is left, fails the test; so does a recorded exchange that never happened.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

FIXTURES = Path(__file__).parent / "fixtures"
BASE_URL = "https://api.intercom.io"
TOKEN = "test-token-not-a-secret"


@dataclass
class Scenario:
    path: Path
    component: str
    input: dict[str, Any]
    exchanges: list[dict[str, Any]]
    emitted: list[dict[str, Any]] | None = None
    emitted_partial: list[dict[str, Any]] | None = None
    error: dict[str, Any] | None = None
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"

    @classmethod
    def load(cls, path: Path) -> Scenario:
        raw = json.loads(path.read_text())
        return cls(
            path=path,
            component=raw["component"],
            input=raw.get("input", {}),
            exchanges=raw.get("exchanges", []),
            emitted=raw.get("emitted"),
            emitted_partial=raw.get("emitted_partial"),
            error=raw.get("error"),
            properties=raw.get("properties", {}),
        )


def all_scenarios() -> list[Scenario]:
    return [Scenario.load(p) for p in sorted(FIXTURES.glob("*/*.json"))]


def _decoded_body(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


class Replayer:
    """A respx side effect that answers each request with the next recorded response."""

    def __init__(self, exchanges: list[dict[str, Any]]) -> None:
        self.pending = list(exchanges)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert self.pending, f"unexpected request {request.method} {request.url}: no exchange left"
        exchange = self.pending.pop(0)
        want = exchange["request"]
        query = dict(request.url.params.multi_items())
        want_query = {k: str(v) for k, v in (want.get("query") or {}).items()}
        assert (request.method, request.url.path) == (want["method"], want["path"]), (
            f"sent {request.method} {request.url.path}, recorded {want['method']} {want['path']}"
        )
        assert query == want_query, f"query {query} != recorded {want_query}"
        assert _decoded_body(request) == want.get("body"), (
            f"body {_decoded_body(request)} != recorded {want.get('body')}"
        )
        for name, value in (want.get("headers") or {}).items():
            assert request.headers.get(name) == value, f"header {name}: {request.headers.get(name)!r} != {value!r}"
        answer = exchange["response"]
        if "gzipped_text" in answer:  # a download: the recorded text, gzipped as Intercom sends it
            return httpx.Response(
                answer.get("status", 200),
                headers=answer.get("headers") or {},
                content=gzip.compress(answer["gzipped_text"].encode("utf-8"), mtime=0),
            )
        return httpx.Response(
            answer.get("status", 200),
            headers=answer.get("headers") or {},
            json=answer.get("body"),
        )

    def assert_done(self) -> None:
        left = [f"{e['request']['method']} {e['request']['path']}" for e in self.pending]
        assert not left, f"recorded exchanges never requested: {left}"


def assert_subset(expected: Any, actual: Any, where: str = "data") -> None:
    """Every key given in ``expected`` has the same value in ``actual`` (dicts compared by key)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} is missing"
            assert_subset(value, actual[key], f"{where}.{key}")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"
