"""OAuth ``state`` values: fresh, single use, expiring, kept in the host's store.

A state is a row, consumed by one ``DELETE … RETURNING``: two callbacks racing with the same
state (or two ``serve`` instances behind a load balancer) cannot both succeed, and a flow
started on one instance completes on another that shares the store. Expired states are pruned
whenever a new one is issued. ``data`` carries what a caller binds to the state (a hash of the
browser's cookie, say) and is returned by ``take``.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from typing import Any

from ..storage import Database, Tx, database

STATE_TTL = 600.0  # seconds a user has to finish consent in Intercom


class OAuthStates:
    def __init__(self, store: Any = None, *, ttl: float = STATE_TTL,
                 now: Callable[[], float] = time.time) -> None:
        """``store``: a Store, StateStore or Database (whichever holds the host's tables)."""
        self.db: Database = database(store)
        self.ttl = ttl
        self.now = now

    def _issue(self, data: dict[str, Any] | None) -> tuple[str, Callable[[Tx], Any]]:
        state = secrets.token_urlsafe(32)
        now = self.now()

        async def job(tx: Tx) -> None:
            await tx.execute("DELETE FROM oauth_states WHERE expires_at <= ?", (now,))
            await tx.execute(
                "INSERT INTO oauth_states (state, expires_at, data) VALUES (?, ?, ?)",
                (state, now + self.ttl, json.dumps(data or {})),
            )

        return state, job

    def _take(self, state: str) -> Callable[[Tx], Any]:
        now = self.now()

        async def job(tx: Tx) -> dict[str, Any] | None:
            # Spent whether or not it is still fresh.
            row = await tx.fetchone(
                "DELETE FROM oauth_states WHERE state = ? RETURNING expires_at, data", (state,)
            )
            if row is None or float(row[0]) <= now:
                return None
            return dict(json.loads(row[1]))

        return job

    async def aissue(self, data: dict[str, Any] | None = None) -> str:
        state, job = self._issue(data)
        await self.db.run(job)
        return state

    async def atake(self, state: str | None) -> dict[str, Any] | None:
        """The data bound to a state this host issued that has not expired, once; None otherwise."""
        return await self.db.run(self._take(state)) if state else None

    async def aconsume(self, state: str | None) -> bool:
        return await self.atake(state) is not None

    # Blocking forms, for callers that are not async (each waits for the store).

    def issue(self, data: dict[str, Any] | None = None) -> str:
        state, job = self._issue(data)
        self.db.run_sync(job)
        return state

    def take(self, state: str | None) -> dict[str, Any] | None:
        return self.db.run_sync(self._take(state)) if state else None

    def consume(self, state: str | None) -> bool:
        """True once for a state this host issued and that has not expired; False otherwise."""
        return self.take(state) is not None
