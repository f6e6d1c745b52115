"""The requests a declaration describes: one call, or a paginated listing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict[str, Any] | None = None
    json: Any = None


@dataclass(frozen=True)
class Listing:
    """A paginated read: where to fetch, and which pagination style the endpoint speaks."""

    method: str
    path: str
    style: str = "cursor"
    items_key: str = "data"
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None


Handler = Callable[[Any], Awaitable[None]]
