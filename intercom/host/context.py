"""The context every handler receives: Appmixer's members, in Python form, and nothing more.

Components import nothing else from the host: they read ``auth``, ``config``, ``messages`` and
``properties``, emit with ``send_json``, keep state with ``state_*``, and raise
``context.CancelError`` for input that can never succeed. Triggers also subscribe to app-level
events with ``add_listener``/``remove_listener`` and read the host's clock with ``now()``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from .listeners import Listener, ListenerRegistry
from .state import StateStore

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

    CancelError = CancelError
    InvalidTokenError = InvalidTokenError

    async def send_json(self, data: Any, port: str = "out") -> None:
        await self.emit(port, data)

    # -- persistent state (key level) -----------------------------------------------------

    @property
    def _scope(self) -> str:
        return state_scope(self.flow_id, self.component_id)

    async def state_get(self, key: str, default: Any = None) -> Any:
        return self.state_store.get(self._scope, key, default)

    async def state_set(self, key: str, value: Any) -> None:
        self.state_store.set(self._scope, key, value)

    async def state_unset(self, key: str) -> None:
        self.state_store.unset(self._scope, key)

    async def state_clear(self) -> None:
        self.state_store.clear(self._scope)

    async def load_state(self) -> dict[str, Any]:
        return self.state_store.all(self._scope)

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
        self._registry().add(Listener(self.component_id, event, str(workspace), dict(params or {})))

    async def remove_listener(self, event: str) -> None:
        self._registry().remove(self.component_id, event)

    def _registry(self) -> ListenerRegistry:
        if self.listeners is None:
            raise CancelError("this host runs no triggers; start the trigger with `watch` or `serve`")
        return self.listeners

    def log(self, message: str | dict[str, Any], level: str = "info", **data: Any) -> None:
        if isinstance(message, dict):
            data, message = {**message, **data}, str(message.get("step", "log"))
        logger.log(logging.getLevelName(level.upper()), "%s %s", message, data or "",
                   extra={"component_id": self.component_id})
