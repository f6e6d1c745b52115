"""The runtime host: loads the bundle and runs components the way an Appmixer engine does."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ..client import ClientPool
from ..storage import FileStore, ListenerRegistry, StateStore, default_home
from .bundle import Bundle, Component
from .context import CancelError, Context, Message, Progress
from .inputs import input_errors
from .quota import QuotaGate


class InvalidInputError(CancelError):
    """The input message does not match its port schema; nothing was sent to Intercom."""

    def __init__(self, component: str, problems: list[str]) -> None:
        self.component = component
        self.problems = problems
        super().__init__(f"invalid input for {component}: " + "; ".join(problems))


class UnknownPortError(RuntimeError):
    pass


# What a trigger's handler may define, and when the host calls each.
TRIGGER_FUNCTIONS = ("start", "stop", "receive", "tick")


@dataclass(frozen=True)
class Emitted:
    port: str
    data: Any

    def as_dict(self) -> dict[str, Any]:
        return {"port": self.port, "data": self.data}


Forward = Callable[[Emitted], Awaitable[None]]


class Host:
    """Runs components of one bundle for one connected account."""

    def __init__(
        self,
        bundle: Bundle | None = None,
        *,
        connection: dict[str, Any] | None = None,
        config: dict[str, Any] | None = None,
        state: StateStore | None = None,
        public_url: str | None = None,
        listeners: ListenerRegistry | None = None,
        clock: Callable[[], float] = time.time,
        files: FileStore | None = None,
        clients: ClientPool | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.bundle = bundle or Bundle.load()
        self.files = files if files is not None else FileStore(default_home() / "files")
        self.progress = progress
        # Every call of this host goes through one client per connection; closed by aclose().
        self.clients = clients if clients is not None else ClientPool()
        self.connection = dict(connection or {})
        self.config = dict(config or {})
        self.state = state or StateStore.in_memory()
        self.public_url = public_url
        self.listeners = listeners
        self.clock = clock
        self.quota = QuotaGate(self.bundle.quota, self.config)

    async def aclose(self) -> None:
        await self.clients.aclose()

    async def __aenter__(self) -> Host:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def context_for(
        self,
        component: Component,
        *,
        component_id: str | None = None,
        messages: dict[str, Message] | None = None,
        properties: dict[str, Any] | None = None,
        sink: list[Emitted] | None = None,
        forward: Forward | None = None,
        collect: bool = True,
    ) -> Context:
        """``forward`` also receives each message as it is emitted; ``collect=False`` keeps none
        in ``sink`` (a listing of 100,000 records then holds one at a time)."""
        sink = sink if sink is not None else []
        ports = set(component.out_port_names)

        async def emit(port: str, data: Any) -> None:
            if port not in ports:
                raise UnknownPortError(f"{component.short_name} has no output port {port!r}")
            message = Emitted(port, data)
            if forward is not None:
                await forward(message)
            if collect:
                sink.append(message)

        cid = component_id or component.short_name
        return Context(
            component_id=cid,
            auth={**self.config, **self.connection},
            config=dict(self.config),
            emit=emit,
            state_store=self.state,
            messages=messages or {},
            properties=dict(properties or {}),
            webhook_url=f"{self.public_url.rstrip('/')}/webhooks/intercom" if self.public_url else None,
            listeners=self.listeners,
            clock=self.clock,
            clients=self.clients,
            files=self.files,
            **({"progress": self.progress} if self.progress is not None else {}),
        )

    def check_input(self, component: Component, content: Any, port: str = "in") -> None:
        spec = component.in_port(port)
        if spec is None:
            raise InvalidInputError(component.short_name, [f"it has no input port {port!r}"])
        problems = input_errors(spec["schema"], content)
        if problems:
            raise InvalidInputError(component.short_name, problems)

    def check_properties(self, component: Component, properties: dict[str, Any]) -> None:
        spec = component.manifest.get("properties")
        if isinstance(spec, dict) and isinstance(spec.get("schema"), dict):
            problems = input_errors(spec["schema"], properties)
            if problems:
                raise InvalidInputError(component.short_name, [f"properties: {p}" for p in problems])

    async def run(
        self,
        name: str,
        content: dict[str, Any] | None = None,
        *,
        properties: dict[str, Any] | None = None,
        port: str = "in",
        forward: Forward | None = None,
    ) -> list[Emitted]:
        """Validate the input, then call the handler's ``receive``; returns what it emitted.

        With ``forward``, each message goes there as it is emitted and none is kept.
        """
        component = self.bundle.find(name)
        content = content if content is not None else {}
        properties = properties or {}
        # The Designer's static calls (output variables, a generated inspector) carry only the
        # fields the source names, so the port's required fields are not there to check.
        static_call = bool(properties.get("generateOutputPortOptions") or properties.get("generateInspector"))
        if not static_call:
            self.check_properties(component, properties)
            if not component.is_trigger:
                self.check_input(component, content, port)
        sink: list[Emitted] = []
        context = self.context_for(
            component,
            messages={port: Message(content, str(uuid.uuid4()))},
            properties=properties,
            sink=sink,
            forward=forward,
            collect=forward is None,
        )
        if not properties.get("generateOutputPortOptions"):  # the only call that asks Intercom nothing
            await self.quota.acquire((component.manifest.get("quota") or {}).get("resources"))
        await component.handler.receive(context)
        return sink

    async def call_trigger(
        self,
        name: str,
        function: str,
        *,
        component_id: str,
        properties: dict[str, Any] | None = None,
        webhook: dict[str, Any] | None = None,
        forward: Forward | None = None,
    ) -> list[Emitted]:
        """Call a trigger's ``start``, ``stop``, ``tick`` or ``receive`` (with ``webhook`` content).

        The instance's state is scoped by ``component_id``; ``forward`` sees each message the
        moment it is sent, so a caller can pass it on before the handler goes on.
        """
        if function not in TRIGGER_FUNCTIONS:
            raise ValueError(f"{function!r} is not a trigger function; use one of {TRIGGER_FUNCTIONS}")
        component = self.bundle.find(name)
        handler = getattr(component.handler, function, None)
        if handler is None:
            raise LookupError(f"{component.short_name} defines no {function}()")
        messages: dict[str, Message] = {}
        if webhook is not None:
            messages["webhook"] = Message(webhook, str(uuid.uuid4()))
        sink: list[Emitted] = []
        context = self.context_for(
            component,
            component_id=component_id,
            messages=messages,
            properties=properties,
            sink=sink,
            forward=forward,
        )
        if function == "tick":  # the only trigger function that calls Intercom
            await self.quota.acquire((component.manifest.get("quota") or {}).get("resources"))
        await handler(context)
        return sink
