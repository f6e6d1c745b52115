"""Components as declarations: one object per component renders its manifest and handles it.

A handler module holds the declaration and only the component's own logic::

    component = Action(
        label="Get Contact", module="contacts", description="...",
        call=("GET", "/contacts/{contactId}"), inputs=[contact_id(required=True)],
        out=item_port("Contact", "contact"), not_found=True,
    )
    receive = component.receive

``component.json`` is rendered from it (``intercom-connector manifests``) and committed, so
the runtime contract is unchanged and UI changes stay reviewable in diffs.

Three shapes: :class:`Action` (one call, or a few through ``run``), :class:`ListAction`
(a paginated listing or search in the four output modes) and the triggers of
:mod:`intercom.kit.triggers`.
"""

from __future__ import annotations

import asyncio
import copy
import re
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..client import (
    MAX_PER_PAGE,
    PAGINATORS,
    SEND_STEPS,
    InputError,
    IntercomClient,
    NotFoundError,
    Page,
    endpoint,
)
from ..schemas import load_schema
from .admins import resolve_acting_admin
from .calls import Call, Listing
from .common import ARRAY_LIMIT_RULE, FIRST_OF, component_url, limit, output_type
from .connection import client_for
from .inputs import Group, Input, flatten, snake_case
from .outputs import (
    ARRAY_CAP,
    DEFAULT_LIMIT,
    Spool,
    csv_columns,
    list_port_schema,
    output_port_options,
    send_spooled,
)

AUTHOR = "Acme <integrations@acme.test>"
VERSION = "1.0.0"
SCHEMA_REF = "../../schemas/{}.json"

Values = dict[str, Any]
Run = Callable[[Any, IntercomClient, Values], Awaitable[Any]]


def schema_ref(item: str) -> dict[str, Any]:
    return {"$ref": SCHEMA_REF.format(item)}


@dataclass(frozen=True)
class Port:
    """An output port: its name, label and the JSON Schema of what it emits."""

    label: str
    schema: dict[str, Any] | None = None
    name: str = "out"
    source: dict[str, Any] | None = None

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "label": self.label}
        if self.source:
            out["source"] = self.source
        if self.schema is not None:
            out["schema"] = self.schema
        return out


def item_port(label: str, item: str, name: str = "out") -> Port:
    """A port that emits one record of a shared item schema (``intercom/schemas/<item>.json``)."""
    return Port(label, schema_ref(item), name)


def _common_block() -> dict[str, Any]:
    return {
        "author": AUTHOR,
        "version": VERSION,
        "auth": {"service": "acme:intercom"},
        "quota": {"manager": "acme:intercom", "resources": "requests", "scope": {"userId": "{{userId}}"}},
    }


def render_configurable(
    items: Sequence[Input | Group], *, extra_schema: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON Schema and the Inspector of a list of inputs (an inPort or trigger properties)."""
    inputs, groups = flatten(items)
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {i.key: i.field_schema() for i in inputs},
    }
    required = [i.key for i in inputs if i.required]
    if required:
        schema["required"] = required
    if extra_schema:
        schema.update(copy.deepcopy(extra_schema))
    inspector: dict[str, Any] = {}
    if groups:
        inspector["groups"] = {
            gid: {"label": label, "index": n} for n, (gid, label) in enumerate(groups.items(), 1)
        }
    inspector["inputs"] = {i.key: i.inspector(n) for n, i in enumerate(inputs, 1)}
    return schema, inspector


def merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``overrides`` merged last into ``base`` (objects key by key; other values replaced)."""
    out = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@dataclass(frozen=True, kw_only=True)
class Spec:
    """What every component declares."""

    label: str
    description: str
    module: str
    private: bool = False
    # The escape hatch: merged last into the rendered manifest.
    overrides: dict[str, Any] = field(default_factory=dict)

    def manifest(self, short_name: str) -> dict[str, Any]:
        head: dict[str, Any] = {
            "name": f"acme.intercom.{self.module}.{short_name}",
            "label": self.label,
            "description": self.description,
        }
        if self.private:
            head["private"] = True
        return merge({**head, **_common_block(), **self.body(short_name)}, self.overrides)

    def body(self, short_name: str) -> dict[str, Any]:
        raise NotImplementedError


# -- actions --------------------------------------------------------------------------------------


def input_message(context: Any, port: str = "in") -> dict[str, Any]:
    """The input message as it came (a ``run`` may need fields no input declares)."""
    message = context.messages.get(port)
    return dict(message.content) if message is not None else {}


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _put(target: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def _values(fields: list[Input], data: dict[str, Any], rules: dict[str, Any] | None = None) -> Values:
    """The inputs given (or defaulted, as the Inspector prefills them), converted for Intercom.

    Of a ``first_of`` group (several ways to name one record) only the first given is kept.
    """
    out: Values = {}
    for item in fields:
        value = data.get(item.key, item.default)
        if _present(value):
            out[item.key] = item.to_api(value)
    for group in _first_of_groups(rules):
        given = [k for k in group if k in out]
        for extra in given[1:]:
            del out[extra]
    return out


def _first_of_groups(node: Any) -> list[list[str]]:
    if isinstance(node, dict):
        found = [list(node[FIRST_OF])] if isinstance(node.get(FIRST_OF), list) else []
        return found + [g for v in node.values() for g in _first_of_groups(v)]
    if isinstance(node, list):
        return [g for v in node for g in _first_of_groups(v)]
    return []


PATH_PARAM = re.compile(r"{(\w+)}")


@dataclass(frozen=True, kw_only=True)
class Action(Spec):
    """One Intercom call built from the inputs (``call``), by ``build``, or several by ``run``.

    ``call=("PUT", "/contacts/{contactId}")`` fills ``{contactId}`` from that input and sends
    every other input that has a value to its ``api`` place: the body for POST/PUT, the query
    for GET/DELETE, unless the input says ``api="query.x"`` or ``api="body.a.b"``.
    ``build(values) -> Call`` replaces that mapping, ``run(context, intercom, values)`` the
    whole call; either way ``values`` are the inputs given, already converted (dates to Unix
    seconds, rows to objects, JSON text parsed). ``result(body, values)`` reshapes the answer.
    """

    inputs: Sequence[Input | Group] = ()
    out: Port
    call: tuple[str, str] | None = None
    build: Callable[[Values], Call] | None = None
    run: Run | None = None
    result: Callable[[Any, Values], Any] | None = None
    not_found: str | bool = False
    extra_ports: Sequence[Port] = ()
    in_schema: dict[str, Any] | None = None  # anyOf/oneOf/if-then across fields
    # The Designer builds the Inspector from what this source answers (a generated inspector:
    # the handler answers a call with properties.generateInspector by {inputs, groups}).
    inspector_source: dict[str, Any] | None = None

    @property
    def fields(self) -> list[Input]:
        return flatten(self.inputs)[0]

    def inspector(self) -> dict[str, Any]:
        """The Inspector of the input port as declared (without any generated inputs)."""
        return render_configurable(self.inputs, extra_schema=self.in_schema)[1]

    def body(self, short_name: str) -> dict[str, Any]:
        schema, inspector = render_configurable(self.inputs, extra_schema=self.in_schema)
        if self.inspector_source:
            inspector["source"] = copy.deepcopy(self.inspector_source)
        ports = [self.out.render(), *(p.render() for p in self.extra_ports)]
        if self.not_found:
            ports.append(self._not_found_port().render())
        return {"inPorts": [{"name": "in", "schema": schema, "inspector": inspector}], "outPorts": ports}

    def _not_found_port(self) -> Port:
        label = self.not_found if isinstance(self.not_found, str) else "Not found"
        props = {i.key: {"title": i.label} for i in self.fields}
        return Port(
            label,
            {"type": "object", "properties": props, "description": "the input that found nothing"},
            name="notFound",
        )

    # -- running ------------------------------------------------------------------------------

    def values(self, data: dict[str, Any]) -> Values:
        """The inputs given, converted to what Intercom takes; refused here, before any request."""
        return _values(self.fields, data, self.in_schema)

    def request(self, values: Values) -> Call:
        """The call ``call`` describes, with each input in its ``api`` place."""
        if self.call is None:
            raise TypeError("request() needs call=(method, path)")
        method, template = self.call
        in_path = set(PATH_PARAM.findall(template))
        path = endpoint(template, **{k: values.get(k, "") for k in in_path})
        default_place = "query" if method in ("GET", "DELETE") else "body"
        body: dict[str, Any] = {}
        query: dict[str, Any] = {}
        for item in self.fields:
            if item.key in in_path or item.api is None or item.key not in values:
                continue
            place = item.api or f"{default_place}.{snake_case(item.key)}"
            where, _, dotted = place.partition(".")
            _put(query if where == "query" else body, dotted, values[item.key])
        return Call(
            method, path, params=query or None, json=body if default_place == "body" or body else None
        )

    async def receive(self, context: Any) -> None:
        data = input_message(context)
        try:
            values = self.values(data)
            call = None if self.run else (self.build(values) if self.build else self.request(values))
        except InputError as exc:
            raise context.CancelError(str(exc)) from None
        async with client_for(context) as intercom:
            try:
                if self.run is not None:
                    answer = await self.run(context, intercom, values)
                else:
                    assert call is not None
                    payload = await resolve_acting_admin(call.json, context, intercom)
                    answer = await intercom.request(call.method, call.path, params=call.params, json=payload)
            except NotFoundError:
                if not self.not_found:
                    raise
                await context.send_json(data, "notFound")
                return
            except InputError as exc:
                raise context.CancelError(str(exc)) from None
        if answer is None and self.run is not None:
            return  # run() emitted on its own
        await context.send_json(self.result(answer, values) if self.result else (answer or {}), self.out.name)


# -- listings -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ListAction(Spec):
    """A paginated listing or search, emitted in the user's output mode.

    ``listing`` is the request (a :class:`Listing`) or a function of the converted inputs that
    returns one; ``per_page`` the largest page size the endpoint allows.
    """

    item: str
    item_label: str
    listing: Listing | Callable[[Values], Listing]
    inputs: Sequence[Input | Group] = ()
    per_page: int = MAX_PER_PAGE
    not_found: str = ""
    in_schema: dict[str, Any] | None = None

    @property
    def fields(self) -> list[Input]:
        return flatten(self.all_inputs)[0]

    @property
    def all_inputs(self) -> list[Input | Group]:
        return [*self.inputs, output_type(self.item_label), limit(self.item_label, self.per_page)]

    def body(self, short_name: str) -> dict[str, Any]:
        rule = copy.deepcopy(ARRAY_LIMIT_RULE)
        extra = merge(rule, self.in_schema) if self.in_schema else rule
        schema, inspector = render_configurable(self.all_inputs, extra_schema=extra)
        out = Port(
            self.item_label,
            list_port_schema(schema_ref(self.item), self.item_label),
            source={
                "url": component_url(self.module, short_name),
                "data": {
                    "properties": {"generateOutputPortOptions": True},
                    "messages": {"in/outputType": "inputs/in/outputType"},
                },
            },
        )
        nothing = Port(
            self.not_found or f"No {self.item_label.lower()}",
            {"type": "object", "maxProperties": 0},
            name="notFound",
        )
        return {
            "inPorts": [{"name": "in", "schema": schema, "inspector": inspector}],
            "outPorts": [out.render(), nothing.render()],
        }

    def values(self, data: dict[str, Any]) -> Values:
        return _values(self.fields, data, self.in_schema)

    async def receive(self, context: Any) -> None:
        data = input_message(context)
        mode = data.get("outputType") or "array"
        if context.properties.get("generateOutputPortOptions"):
            await context.send_json(output_port_options(mode, load_schema(self.item), self.item_label), "out")
            return
        try:
            values = self.values(data)
            listing = self.listing(values) if callable(self.listing) else self.listing
        except InputError as exc:
            raise context.CancelError(str(exc)) from None
        cap = 1 if mode == "first" else int(data.get("limit") or DEFAULT_LIMIT)
        if mode == "array" and cap > ARRAY_CAP:
            raise context.CancelError(
                f"limit: one message holds at most {ARRAY_CAP:,} records; choose 'One message each' "
                "or 'A CSV file' as the output for more"
            )
        with Spool(in_memory=mode == "array") as spool:
            async with client_for(context) as intercom:
                await fill_spool(intercom, listing, spool, cap, per_page=self.per_page,
                                 progress=getattr(context, "progress", None), what=self.item_label.lower())
            await send_spooled(
                context,
                spool,
                mode,
                file_name=f"{self.label}.csv",
                columns=csv_columns(load_schema(self.item)),
                not_found_port="notFound",
            )




async def _one_ahead(pages: AsyncGenerator[Page, None], cap: int) -> AsyncIterator[Page]:
    """``pages``, with the next one already asked for while the caller spools this one.

    Intercom's answer time and ours then overlap instead of adding up. The next page is asked
    for only while fewer than ``cap`` records have come, the point where reading in turn would
    ask for it too: the requests sent are the same.
    """
    received = 0
    pending: asyncio.Future[Page] | None = asyncio.ensure_future(anext(pages))
    try:
        while pending is not None:
            try:
                page = await pending
            except StopAsyncIteration:
                pending = None
                return
            received += len(page.items)
            if received < cap:
                pending = asyncio.ensure_future(anext(pages))
                for _ in range(SEND_STEPS):  # let it send the request before this page is handled
                    await asyncio.sleep(0)
            else:
                pending = None
            yield page
    finally:
        if pending is not None:  # the caller stopped early (an error): the request in flight is dropped
            pending.cancel()
            await asyncio.wait([pending])
            if not pending.cancelled():
                pending.exception()  # retrieved: an answer nobody waits for any more is not logged
        await pages.aclose()


async def fill_spool(
    intercom: IntercomClient,
    listing: Listing,
    spool: Spool,
    cap: int,
    *,
    per_page: int = MAX_PER_PAGE,
    progress: Callable[..., None] | None = None,
    what: str = "records",
) -> None:
    """Page through ``listing`` into ``spool`` until it ends or ``cap`` records are in.

    ``progress(done, total, what=...)`` hears after each page (the CLI draws it on a terminal).
    """
    paginator = PAGINATORS[listing.style](listing.items_key, min(per_page, cap))
    pages = intercom.iter_pages(
        listing.method, listing.path, paginator, params=listing.params, json=listing.json, ahead_until=cap
    )
    async for page in _one_ahead(pages, cap):
        if progress is not None:
            total = page.total_count
            progress(min(cap, spool.count + len(page.items)), min(cap, total) if total else None, what=what)
        for n, record in enumerate(page.items):
            if spool.count >= cap:
                spool.truncated = True
                return
            spool.add(record)
            if spool.count >= cap:
                more_here = n + 1 < len(page.items)
                spool.truncated = more_here or paginator.next_request(page.request, page.body) is not None
                return
