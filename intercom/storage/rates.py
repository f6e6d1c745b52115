"""Shared rate windows: one sliding window per resource, whichever instance makes the call.

Each call taken is a row (resource, at). ``reserve`` counts the window and takes a slot in one
transaction (on PostgreSQL under an advisory lock per resource), so instances together stay
within the limit instead of each applying it in full.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from typing import Any

from .db import Database, Tx
from .engine import database


class RateWindows:
    def __init__(self, source: Any = None, *, wall: Callable[[], float] = time.time) -> None:
        self.db: Database = database(source)
        self.wall = wall

    async def reserve(self, resource: str, limit: int, window_s: float) -> float:
        """Take a slot: 0 when taken, else the seconds until one frees up (nothing taken)."""
        now = self.wall()

        async def job(tx: Tx) -> float:
            if tx.dialect == "postgresql":
                await tx.execute("SELECT pg_advisory_xact_lock(?)", (zlib.crc32(resource.encode()),))
            await tx.execute(
                "DELETE FROM rate_calls WHERE resource = ? AND at <= ?", (resource, now - window_s)
            )
            row = await tx.fetchone(
                "SELECT COUNT(*), MIN(at) FROM rate_calls WHERE resource = ?", (resource,)
            )
            count, oldest = (int(row[0]), row[1]) if row else (0, None)
            if count < limit:
                await tx.execute("INSERT INTO rate_calls (resource, at) VALUES (?, ?)", (resource, now))
                return 0.0
            return max(0.001, float(oldest) + window_s - now)

        return await self.db.run(job)
