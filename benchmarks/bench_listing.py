"""Listing every contact: our paginated ListContacts against the common peer approach.

Both run side by side in one process against the same sandbox (real sockets, 2 ms added to each
answer to stand in for a network), and the figures printed are ratios from that one run:

- ours: ListContacts (150 contacts a request, one pooled connection);
- peer-style: a loop at Intercom's default page size (50), a new connection per request, as
  several peer connectors do.

Run: python benchmarks/bench_listing.py [--contacts 3000] [--latency-ms 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

import httpx

from intercom.host import Bundle, Host
from intercom_sandbox import SandboxConfig, SandboxServer

HEADERS = {"Authorization": "Bearer bench", "Intercom-Version": "2.10", "Accept": "application/json"}


async def ours(host: Host) -> tuple[int, int]:
    emitted = await host.run("ListContacts", {"outputType": "array", "limit": 100000})
    return emitted[0].data["count"], 0


async def peer_style(base_url: str) -> tuple[int, int]:
    count, requests, cursor = 0, 0, None
    while True:
        params = {"starting_after": cursor} if cursor else {}
        async with httpx.AsyncClient(base_url=base_url, headers=HEADERS) as client:  # no pooling
            body = (await client.get("/contacts", params=params)).json()
        requests += 1
        count += len(body["data"])
        cursor = ((body.get("pages") or {}).get("next") or {}).get("starting_after")
        if not cursor:
            return count, requests


def timed(fn) -> tuple[float, tuple[int, int]]:
    start = time.perf_counter()
    result = asyncio.run(fn())
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--latency-ms", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with SandboxServer(SandboxConfig(seed=args.contacts, latency_ms=args.latency_ms)) as sandbox:
        os.environ["INTERCOM_BASE_URL"] = sandbox.base_url
        host = Host(Bundle.load(), connection={"accessToken": "bench"})
        ours_times, peer_times = [], []
        for _ in range(args.rounds):  # interleaved, so both see the same machine load
            t, (n_ours, _) = timed(lambda: ours(host))
            ours_times.append(t)
            t, (n_peer, peer_requests) = timed(lambda: peer_style(sandbox.base_url))
            peer_times.append(t)
    assert n_ours == n_peer == args.contacts, (n_ours, n_peer)
    our_requests = -(-args.contacts // 150)
    ours_s, peer_s = statistics.median(ours_times), statistics.median(peer_times)
    print(f"contacts listed          {args.contacts} (both)")
    print(f"requests                 ours {our_requests}  peer-style {peer_requests}  "
          f"ratio {peer_requests / our_requests:.1f}x fewer")
    print(f"median wall time         ours {ours_s * 1000:.0f} ms  peer-style {peer_s * 1000:.0f} ms  "
          f"ratio {peer_s / ours_s:.2f}x faster")


if __name__ == "__main__":
    main()
