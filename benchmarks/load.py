"""A lean HTTP/1.1 load generator: keep-alive connections, requests made before the clock starts.

httpx spends more CPU per request than the intake it would measure (at 200 connections its
pool dominates, on the same two cores as the server), so the intake figures over HTTP use this:
one asyncio stream per connection, a request written whole, its answer read by Content-Length.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Load:
    """What a run saw: every answer's status and time, and requests sent again."""

    statuses: list[int] = field(default_factory=list)
    answers: list[float] = field(default_factory=list)
    resent: int = 0


def post_request(host: str, port: int, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(body)}",
             *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def _answer(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def send_all(host: str, port: int, requests: Sequence[bytes], concurrency: int) -> Load:
    """Send every request over ``concurrency`` connections; a broken one is reopened and the
    request sent again (as Intercom retries), its time counted from the first attempt."""
    load = Load()
    todo = iter(requests)

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for request in todo:
                started = time.perf_counter()
                while True:
                    try:
                        writer.write(request)
                        status = await _answer(reader)
                        break
                    except (ConnectionError, asyncio.IncompleteReadError):
                        load.resent += 1
                        writer.close()
                        reader, writer = await asyncio.open_connection(host, port)
                load.answers.append(time.perf_counter() - started)
                load.statuses.append(status)
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return load
