"""What the host's HTTP face works with: service config, the stores, its public address."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.routing import BaseRoute

from .. import auth
from ..storage import Connection, ConnectionStore, StateStore
from .states import OAuthStates


@dataclass
class ServerRuntime:
    config: dict[str, Any]
    connections: ConnectionStore
    state: StateStore
    public_url: str
    on_connected: Callable[[Connection], None] = lambda _connection: None
    # A callback that ended without a connection, in one line (what `auth login` reports at once).
    on_failed: Callable[[str], None] = lambda _reason: None
    extra_routes: list[BaseRoute] = field(default_factory=list)
    # Reachable by others than this machine's users (see server/operator.py): starting a
    # connection then needs the operator's password, and is off without one.
    open_to_network: bool = False
    operator_password: str | None = None

    @property
    def callback_url(self) -> str:
        return auth.callback_url(self.public_url)

    @property
    def states(self) -> OAuthStates:
        return OAuthStates(self.state)
