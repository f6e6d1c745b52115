"""OAuth ``state`` values: fresh, single use, expiring, kept in the host's state store."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from ..host.state import StateStore

SCOPE = "oauth:states"
STATE_TTL = 600.0  # seconds a user has to finish consent in Intercom


class OAuthStates:
    def __init__(self, store: StateStore, *, ttl: float = STATE_TTL,
                 now: Callable[[], float] = time.time) -> None:
        self.store = store
        self.ttl = ttl
        self.now = now

    def issue(self) -> str:
        state = secrets.token_urlsafe(32)
        self.store.set(SCOPE, state, {"expires_at": self.now() + self.ttl})
        return state

    def consume(self, state: str | None) -> bool:
        """True once for a state this host issued and that has not expired; False otherwise."""
        if not state:
            return False
        entry = self.store.get(SCOPE, state)
        if entry is None:
            return False
        self.store.unset(SCOPE, state)  # spent whether or not it is still fresh
        return float(entry.get("expires_at", 0)) > self.now()
