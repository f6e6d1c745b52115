"""The context every handler receives: Appmixer's members, in Python form, and nothing more.

Components import nothing else from the host: they read ``auth``, ``config``, ``messages`` and
``properties``, emit with ``send_json``, keep state with ``state_*``, and raise
``context.CancelError`` for input that can never succeed. Triggers also subscribe to app-level
events with ``add_listener``/``remove_listener`` and read the host's clock with ``now()``;
``lock(name)`` is Appmixer's ``context.lock``, held across every instance sharing the store.

When the trigger runtime calls a trigger, it does so inside a unit of work (``current_unit``):
messages and state writes are then kept aside and committed together, in one transaction, once
the call returns (``intercom.storage.outbox``). A message sent with a ``key`` is emitted at most
once per trigger instance whichever way it came (webhook, poll or catch-up).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Generator
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from ..client import ClientPool
from ..storage import FileStore, Listener, ListenerRegistry, StateStore
from ..storage.leases import Leases
from ..storage.outbox import Outgoing, Unit
from ..storage.state import UNSET

logger = logging.getLogger("intercom.host")


class CancelError(Exception):
    """A permanent, user-facing failure (bad input, impossible request): never retried."""


class InvalidTokenError(Exception):
    """The connected account's token is invalid or revoked: the user must reconnect."""


@dataclass(frozen=True)
class Message:
    content: dict[str, Any]
    correlation_id: str = ""


Emit = Callable[[str, Any], Awaitable[None]]
Progress = Callable[..., None]

# The unit of work of the trigger call running in this task, if the runtime opened one.
current_unit: ContextVar[Unit | None] = ContextVar("intercom_unit", default=None)


class LockedError(CancelError):
    """``context.lock`` gave up: another holder kept the lock through every retry."""


def state_scope(flow_id: str, component_id: str) -> str:
    """Where one component instance's state lives in the StateStore."""
    return f"{flow_id}:{component_id}"


@dataclass
class Context:
    component_id: str
    auth: dict[str, Any]
    config: dict[str, Any]
    emit: Emit
    state_store: StateStore
    messages: dict[str, Message] = field(default_factory=dict)
    properties: dict[str, Any] = field(default_factory=dict)
    flow_id: str = "local"
    webhook_url: str | None = None
    listeners: ListenerRegistry | None = None
    # The host's clock: polling windows are computed from it, so tests and the sandbox can move it.
    clock: Callable[[], float] = time.time
    # One client per connection, lent to every call of this host (see kit.client_for).
    clients: ClientPool | None = None
    files: FileStore | None = None
    # How far a long job is (records fetched so far; the total when known); the CLI shows it
    # on a terminal, other hosts ignore it. Call ``context.progress(done, total, what="contacts")``.
    progress: Progress = field(default=lambda *_args, **_kwargs: None)

    CancelError = CancelError
    InvalidTokenError = InvalidTokenError

    async def send_json(self, data: Any, port: str = "out", *, key: str | None = None) -> None:
        """Emit ``data``; with ``key`` (the event's identity) only if this instance never emitted it."""
        unit = self._unit()
        if unit is not None:
            await self.emit(port, data)  # checks the port; the runtime hands it on after the commit
            unit.messages.append(Outgoing(port, data, key))
            return
        if key is not None and not await self.state_store.remember(self._scope, key, self.clock()):
            return
        await self.emit(port, data)

    async def save_file_stream(self, name: str, stream: Any) -> dict[str, Any]:
        """Store a file (read from ``stream`` in chunks) with the host: ``{fileId, filename, length}``."""
        if self.files is None:
            raise CancelError("this host keeps no files; choose another output than a file")
        return await asyncio.to_thread(self.files.save_stream, name, stream)

    # -- persistent state (key level) -----------------------------------------------------

    @property
    def _scope(self) -> str:
        return state_scope(self.flow_id, self.component_id)

    def _unit(self) -> Unit | None:
        unit = current_unit.get()
        return unit if unit is not None and unit.scope == self._scope else None

    @staticmethod
    async def _committed(unit: Unit | None) -> None:
        if unit is not None and unit.after is not None:
            await unit.after

    async def state_get(self, key: str, default: Any = None) -> Any:
        unit = self._unit()
        if unit is not None and key in unit.writes:
            value = unit.writes[key]
            return default if value is UNSET else value
        if unit is not None and unit.cleared:
            return default
        await self._committed(unit)
        return await self.state_store.get(self._scope, key, default)

    async def state_set(self, key: str, value: Any) -> None:
        unit = self._unit()
        if unit is not None:
            unit.writes[key] = value
        else:
            await self.state_store.set(self._scope, key, value)

    async def state_unset(self, key: str) -> None:
        unit = self._unit()
        if unit is not None:
            unit.writes[key] = UNSET
        else:
            await self.state_store.unset(self._scope, key)

    async def state_clear(self) -> None:
        unit = self._unit()
        if unit is not None:
            unit.writes.clear()
            unit.cleared = True
        else:
            await self.state_store.clear(self._scope)

    async def load_state(self) -> dict[str, Any]:
        unit = self._unit()
        if unit is not None and unit.cleared:
            stored: dict[str, Any] = {}
        else:
            await self._committed(unit)
            stored = await self.state_store.all(self._scope)
        if unit is not None:
            for key, value in unit.writes.items():
                if value is UNSET:
                    stored.pop(key, None)
                else:
                    stored[key] = value
        return stored

    # -- locks (Appmixer's context.lock) -----------------------------------------------------

    def lock(
        self, name: str, *, ttl: float = 20.0, retry_delay: float = 0.2, max_retries: int = 100
    ) -> LockRequest:
        """A lock shared by every host on the same store: ``async with context.lock("x"):`` or
        ``lock = await context.lock("x")`` … ``await lock.unlock()``. It expires after ``ttl``
        seconds unless extended, so a dead holder cannot keep it; gives up with ``LockedError``
        after ``max_retries`` waits of ``retry_delay``."""
        return LockRequest(Leases(self.state_store.db), name, ttl, retry_delay, max_retries)

    def get_webhook_url(self) -> str:
        if not self.webhook_url:
            raise CancelError("this host has no public URL; start it with `serve --public-url`")
        return self.webhook_url

    def now(self) -> int:
        """Unix seconds by the host's clock (Intercom's resolution)."""
        return int(self.clock())

    # -- app-level events (Appmixer's addListener / removeListener) -------------------------

    async def add_listener(self, event: str, params: dict[str, Any] | None = None) -> None:
        """Receive ``event`` notifications of this account's workspace as ``messages["webhook"]``."""
        workspace = self.auth.get("workspaceId")
        if not workspace:
            raise CancelError(
                "the connected account has no workspace id, so webhooks cannot be routed to it; "
                "connect the account again"
            )
        await self._registry().add(Listener(self.component_id, event, str(workspace), dict(params or {})))

    async def remove_listener(self, event: str) -> None:
        await self._registry().remove(self.component_id, event)

    def _registry(self) -> ListenerRegistry:
        if self.listeners is None:
            raise CancelError("this host runs no triggers; start the trigger with `watch` or `serve`")
        return self.listeners

    def log(self, message: str | dict[str, Any], level: str = "info", **data: Any) -> None:
        if isinstance(message, dict):
            data, message = {**message, **data}, str(message.get("step", "log"))
        logger.log(logging.getLevelName(level.upper()), "%s %s", message, data or "",
                   extra={"component_id": self.component_id})


class HeldLock:
    def __init__(self, leases: Leases, name: str, owner: str) -> None:
        self._leases, self.name, self._owner = leases, name, owner

    async def extend(self, ttl: float) -> bool:
        """Keep it ``ttl`` more seconds; False when it had expired and someone else took it."""
        return await self._leases.renew(self._name(), self._owner, ttl)

    async def unlock(self) -> None:
        await self._leases.release(self._name(), self._owner)

    def _name(self) -> str:
        return f"lock:{self.name}"


class LockRequest:
    """Awaitable (the held lock) and an async context manager (released on exit)."""

    def __init__(self, leases: Leases, name: str, ttl: float, retry_delay: float, max_retries: int) -> None:
        self._leases, self._name, self._ttl = leases, name, ttl
        self._retry_delay, self._max_retries = retry_delay, max_retries
        self._held: HeldLock | None = None

    async def acquire(self) -> HeldLock:
        owner = uuid.uuid4().hex
        for attempt in range(self._max_retries + 1):
            if await self._leases.acquire(f"lock:{self._name}", owner, self._ttl):
                return HeldLock(self._leases, self._name, owner)
            if attempt < self._max_retries:
                await asyncio.sleep(self._retry_delay)
        raise LockedError(
            f"the lock {self._name!r} is held elsewhere; gave up after {self._max_retries} retries"
        )

    def __await__(self) -> Generator[Any, None, HeldLock]:
        return self.acquire().__await__()

    async def __aenter__(self) -> HeldLock:
        self._held = await self.acquire()
        return self._held

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._held is not None:
            await self._held.unlock()
