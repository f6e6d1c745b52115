"""Rate limits: listings against a sandbox allowing 25 or 100 requests per 10-second window.

Intercom counts requests in fixed 10-second windows and answers 429 past the limit. Each case
starts at the start of a window and lists every contact, several times over when one listing
would not fill three windows. Every window used to the full means the listing spans the fewest
windows its requests need; a 429 costs a retry after the window resets; an error surfaced is a
listing that failed. The SDK is run as shipped, once, where its requests exceed one window.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import Any

from . import sdk
from .common import TOKEN, Options, Sandbox, Table, secs
from .peers import Counting, host

WINDOW = 10
LIMITS = (25, 100)


def _window_start() -> None:
    time.sleep(WINDOW - time.time() % WINDOW + 0.05)


async def _ours(base_url: str, records: int, listings: int) -> dict[str, Any]:
    transport = Counting()
    ours = host(base_url, transport)
    errors: list[str] = []
    started = time.perf_counter()
    for _ in range(listings):
        try:
            await ours.run("ListContacts", {"outputType": "array", "limit": records})
        except Exception as exc:  # an error surfaced is the figure, not a crash
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
            break
    took = time.perf_counter() - started
    await ours.aclose()
    return {"took": took, "requests": transport.requests, "429": transport.statuses[429], "errors": errors}


def run(opts: Options) -> Table:
    per_listing = math.ceil(opts.records / 150)
    table = Table(
        "Rate limits",
        (__doc__ or "").split("\n", 1)[1].strip(),
        ["client", "limit per 10 s", "listings", "requests", "time", "windows spanned",
         "fewest possible", "429s received", "errors surfaced"],
    )
    for limit in LIMITS[:1] if opts.quick else LIMITS:
        listings = 1 if opts.quick else max(1, math.ceil(2.5 * limit / per_listing))
        with Sandbox(opts.records, rate_limit=limit) as sandbox:
            if not opts.quick:  # a quick run stays within one window: no need to wait for a fresh one
                _window_start()
            found = asyncio.run(_ours(sandbox.base_url, opts.records, listings))
            spanned = math.ceil(found["took"] / WINDOW)
            fewest = math.ceil(found["requests"] / limit)
            table.rows.append([
                "ours (ListContacts, in process)", str(limit), str(listings), str(found["requests"]),
                secs(found["took"]), str(spanned), str(fewest), str(found["429"]),
                "; ".join(found["errors"]) or "0"])
            full = spanned <= fewest and not found["errors"]
            table.targets.append((f"Rate limit {limit} per 10 s", "every window used, no error surfaced",
                                  f"{spanned} windows for {fewest} windows' worth of requests, "
                                  f"{found['429']} 429s, {len(found['errors'])} errors", full))
            if opts.sdk_python is not None and per_listing > limit:
                _window_start()
                got = sdk.run(opts.sdk_python, {"job": "list", "base_url": sandbox.base_url, "token": TOKEN,
                                                "per_page": 150})
                took = sum(got["seconds"])
                table.rows.append(["python-intercom SDK (per_page=150, as shipped)", str(limit), "1",
                                   str(got["requests"]), secs(took) if took else "-",
                                   str(math.ceil(took / WINDOW)) if took else "-",
                                   str(math.ceil(per_listing / limit)), str(got["429"]), got["error"] or "0"])
                if not got["429"] and took:
                    table.notes.append(
                        f"The SDK met no 429 at {limit} per 10 s: parsing each page into its models, it "
                        f"sends only {got['requests'] / took:.1f} requests a second. When it does meet one "
                        "(a faster machine, a busier account), it raises at once: it retries only when "
                        "asked to (request_options max_retries).")
        print(f"  rate limits: {limit} per window done", flush=True)
    if opts.sdk_python is None:
        table.notes.append(f"The SDK was not run: {opts.sdk_note}.")
    return table
