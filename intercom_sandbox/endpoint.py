"""Glue between starlette and the sandbox's route functions.

Route functions are plain synchronous callables taking a `Call`; the wrapper reads the body
before taking the store lock, so a handler never awaits while holding it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .errors import ApiError, invalid

if TYPE_CHECKING:
    from starlette.datastructures import QueryParams

    from .store import SandboxStore


@dataclass
class Call:
    """What a route function gets: the store and the already-parsed request."""

    store: SandboxStore
    request: Request
    params: dict[str, str]
    query: QueryParams
    body: Any

    def path(self, name: str) -> str:
        return self.params[name]

    def json(self) -> dict[str, Any]:
        """The body as an object (an absent body counts as `{}`)."""
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise invalid("request body must be a JSON object")
        return self.body

    @property
    def request_id(self) -> str:
        return self.request.state.request_id

    def page_url(self, page: int, per_page: int) -> str:
        """This request's URL asking for another page: what page-numbered lists put in `next`."""
        return str(self.request.url.include_query_params(page=page, per_page=per_page))


RouteFunction = Callable[[Call], Any]


async def _read_body(request: Request) -> Any:
    content_type = request.headers.get("content-type", "")
    raw = await request.body()
    if content_type.startswith("application/x-www-form-urlencoded"):
        # Parsed by hand: starlette's form parser would need python-multipart.
        return dict(parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True))
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "parameter_invalid", "The request body is not valid JSON") from None


def endpoint(fn: RouteFunction) -> Callable[[Request], Any]:
    """Wrap a route function: parse the body, run under the store lock, render JSON."""

    @wraps(fn)
    async def handler(request: Request) -> Response:
        body = await _read_body(request)
        store: SandboxStore = request.app.state.sandbox
        call = Call(store, request, dict(request.path_params), request.query_params, body)
        with store.lock:
            result = fn(call)
        if isinstance(result, Response):
            return result
        return JSONResponse(result)

    return handler
