"""The context every handler receives: Appmixer's members, in Python form, and nothing more.

Components import nothing else from the host: they read ``auth``, ``config``, ``messages`` and
``properties``, emit with ``send_json``, keep state with ``state_*``, and raise
``context.CancelError`` for input that can never succeed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

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

    CancelError = CancelError
    InvalidTokenError = InvalidTokenError

    async def send_json(self, data: Any, port: str = "out") -> None:
        await self.emit(port, data)

    # -- persistent state (key level) -----------------------------------------------------

    @property
    def _scope(self) -> str:
        return f"{self.flow_id}:{self.component_id}"

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

    def log(self, message: str | dict[str, Any], level: str = "info", **data: Any) -> None:
        if isinstance(message, dict):
            data, message = {**message, **data}, str(message.get("step", "log"))
        logger.log(logging.getLevelName(level.upper()), "%s %s", message, data or "",
                   extra={"component_id": self.component_id})
