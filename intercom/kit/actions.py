"""The two shapes nearly every component has, written once.

``action(build)``: turn the input into one Intercom call and emit the answer.
``list_action(build, ...)``: turn the input into a listing, page through it with the style's
paginator and emit the records in the chosen output mode.

A component's handler is then a declaration plus only its own logic (the ``build`` function).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from ..client import MAX_PER_PAGE, PAGINATORS, InputError, NotFoundError
from .admins import resolve_acting_admin
from .connection import client_for
from .outputs import DEFAULT_LIMIT, output_port_options, send_records
from .schemas import load_schema

Handler = Callable[[Any], Awaitable[None]]


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


def _input(context: Any, port: str = "in") -> dict[str, Any]:
    message = context.messages.get(port)
    return dict(message.content) if message is not None else {}


def _build(context: Any, build: Callable[[dict[str, Any]], Any], data: dict[str, Any]) -> Any:
    try:
        return build(data)
    except InputError as exc:  # a field the schema cannot check: still before any request
        raise context.CancelError(str(exc)) from None


def action(
    build: Callable[[dict[str, Any]], Call],
    *,
    result: Callable[[Any, dict[str, Any]], Any] | None = None,
    not_found_port: str | None = None,
    port: str = "out",
) -> Handler:
    """A handler that makes one call; ``result`` reshapes the answer when Intercom's is awkward."""

    async def receive(context: Any) -> None:
        data = _input(context)
        call = _build(context, build, data)
        async with client_for(context) as intercom:
            payload = await resolve_acting_admin(call.json, context, intercom)
            try:
                body = await intercom.request(call.method, call.path, params=call.params, json=payload)
            except NotFoundError:
                if not_found_port is None:
                    raise
                await context.send_json(data, not_found_port)
                return
        await context.send_json(result(body, data) if result else (body or {}), port)

    return receive


def list_action(
    build: Callable[[dict[str, Any]], Listing],
    *,
    item_schema: str,
    item_label: str,
    not_found_port: str | None = "notFound",
) -> Handler:
    """A handler that lists records across pages and emits them in the user's output mode."""

    async def receive(context: Any) -> None:
        data = _input(context)
        output_type = data.get("outputType") or "array"
        if context.properties.get("generateOutputPortOptions"):
            options = output_port_options(output_type, load_schema(item_schema), item_label)
            await context.send_json(options, "out")
            return
        listing = _build(context, build, data)
        limit = 1 if output_type == "first" else int(data.get("limit") or DEFAULT_LIMIT)
        paginator = PAGINATORS[listing.style](listing.items_key, min(MAX_PER_PAGE, limit))
        async with client_for(context) as intercom:
            # Collect before emitting: a failure on page 3 must not leave half a listing sent.
            records = [
                item
                async for item in intercom.iter_items(
                    listing.method, listing.path, paginator,
                    params=listing.params, json=listing.json, limit=limit,
                )
            ]
        await send_records(context, records, output_type, not_found_port=not_found_port)

    return receive
