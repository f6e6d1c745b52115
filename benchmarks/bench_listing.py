"""Listing every contact: ListContacts in process and through the CLI, the plain httpx loop, the SDK.

All against one sandbox process (its CPU apart from the client's, 2 ms added to each answer),
interleaved, medians of the repetitions:

- in process: the host's ListContacts (pooled client) with its default output, every contact in
  one message, as the plain loop returns them; and with one message per contact written as JSON
  lines to a file, the same work the CLI does, so that ratio is the CLI's own cost;
- CLI: ``intercom-connector run ListContacts`` (one message per contact) in a fresh process,
  stdout to a file;
- plain httpx: a reused AsyncClient following the cursor at 150 per page (the floor);
- SDK: python-intercom's pager, at 150 per page (its default is 50), in its own venv (in the
  first three repetitions only: it is that slow).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from typing import Any

from intercom.host import Emitted

from . import sdk
from .common import CONNECTOR, TOKEN, Options, Table, env_for, median, secs, times
from .peers import Counting, host, plain_client, plain_listing

SDK_REPS = 3  # the SDK's listing takes about a minute at 10,000: three of the repetitions have it


def run(opts: Options, base_url: str) -> Table:
    n = opts.records
    runner = asyncio.Runner()  # one loop for the run: the host's pooled client lives on it
    transport = Counting()
    ours = host(base_url, transport)
    client = runner.run(_plain(base_url))
    results: dict[str, list[float]] = {k: [] for k in ("count", "jsonl", "cli", "plain", "sdk")}
    facts: dict[str, Any] = {}
    counted = 0

    async def listing(forward: Any, output: str = "object") -> float:
        started = time.perf_counter()
        await ours.run("ListContacts", {"outputType": output, "limit": n}, forward=forward)
        return time.perf_counter() - started

    async def count_records(message: Emitted) -> None:
        nonlocal counted
        counted += message.data["count"]

    if not opts.quick:
        _cli(base_url, 1, opts)  # not counted: caches the bytecode, as an installed Python has it
    def ours_array() -> None:
        nonlocal counted
        before, counted = transport.requests, 0
        results["count"].append(runner.run(listing(count_records, "array")))
        facts["ours_requests"] = transport.requests - before
        if counted != n:
            raise RuntimeError(f"ListContacts listed {counted} contacts, not {n}")

    def plain() -> None:
        started = time.perf_counter()
        records, facts["plain_requests"] = runner.run(plain_listing(client))
        results["plain"].append(time.perf_counter() - started)
        if records != n:
            raise RuntimeError(f"the plain loop listed {records} contacts, not {n}")

    def ours_lines() -> None:
        with (opts.work / "listing.jsonl").open("w", encoding="utf-8") as sink:
            async def as_line(message: Emitted) -> None:
                sink.write(json.dumps(message.as_dict()))
                sink.write("\n")

            results["jsonl"].append(runner.run(listing(as_line)))

    def cli() -> None:
        results["cli"].append(_cli(base_url, n, opts))

    def official(rep: int) -> None:
        if opts.sdk_python is None or rep >= SDK_REPS:
            return
        job = {"job": "list", "base_url": base_url, "token": TOKEN, "per_page": 150}
        found = sdk.run(opts.sdk_python, job)
        if found["error"]:
            raise RuntimeError(f"the SDK's listing failed: {found['error']}")
        results["sdk"] += found["seconds"]
        facts["sdk_requests"], facts["sdk_items"] = found["requests"], found["items"]

    cases = [ours_array, plain, ours_lines, cli, lambda: official(rep)]
    for rep in range(opts.reps):
        # Each repetition starts with the next client: whichever runs first after the others
        # (the SDK's minute of work above all) meets a sandbox still busy with them.
        for case in cases[rep % len(cases):] + cases[:rep % len(cases)]:
            case()
        print(f"  listing: repetition {rep + 1}/{opts.reps} done", flush=True)
    runner.run(client.aclose())
    runner.run(ours.aclose())
    runner.close()
    return _table(opts, results, facts)


async def _plain(base_url: str) -> Any:
    return plain_client(base_url)  # made on the loop that uses it


def _cli(base_url: str, n: int, opts: Options) -> float:
    command = [str(CONNECTOR), "run", "ListContacts", "--input",
               json.dumps({"outputType": "object", "limit": n}), "--quiet"]
    with (opts.work / "cli.jsonl").open("wb") as out:
        started = time.perf_counter()
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, env=env_for(base_url, opts.work))
        seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"`run ListContacts` failed: {done.stderr.decode()[-500:]}")
    with (opts.work / "cli.jsonl").open("rb") as written:
        lines = sum(1 for _ in written)
    if lines != n:
        raise RuntimeError(f"`run ListContacts` printed {lines} messages, not {n}")
    return seconds


def _table(opts: Options, r: dict[str, list[float]], facts: dict[str, Any]) -> Table:
    n = opts.records
    minimum = -(-n // 150)
    count, jsonl, cli, plain = (median(r[k]) for k in ("count", "jsonl", "cli", "plain"))
    table = Table(
        f"Listing throughput: {n:,} contacts",
        f"{__doc__.split(chr(10), 1)[1].strip()}\n\nRatios are of median times in this run; the "
        "throughput ratio is the plain loop's time over ours (at least 1 means at least as fast).",
        ["client", "requests", "median time", "contacts/s", "ratio"],
    )
    ours = str(facts["ours_requests"])
    table.rows += [
        ["plain httpx loop (the floor)", str(facts["plain_requests"]), secs(plain), f"{n / plain:,.0f}",
         "1.00x (reference)"],
        ["ours, in process (default output: one message)", ours, secs(count), f"{n / count:,.0f}",
         f"{times(plain / count)} the floor's throughput"],
        ["ours, in process (a message each, written as JSON lines)", ours, secs(jsonl), f"{n / jsonl:,.0f}",
         "1.00x (reference for the CLI)"],
        ["ours, `intercom-connector run` (new process)", ours, secs(cli), f"{n / cli:,.0f}",
         f"{times(cli / jsonl)} the in-process time"],
    ]
    if r["sdk"]:
        sdk_s = median(r["sdk"])
        table.rows.append([f"python-intercom SDK, per_page=150 ({facts['sdk_items']:,} listed)",
                           str(facts["sdk_requests"]), secs(sdk_s), f"{n / sdk_s:,.0f}",
                           f"{times(sdk_s / count)} our in-process time"])
    else:
        table.rows.append(["python-intercom SDK", "-", "-", "-", f"not run: {opts.sdk_note}"])
    table.notes.append(f"The fewest requests a full listing can take is ceil({n:,} / 150) = {minimum}.")
    table.targets.append((f"Listing throughput, {n:,} contacts", "at least the plain httpx loop's",
                          f"{times(plain / count)} (plain {secs(plain)}, ours {secs(count)})",
                          plain / count >= 1.0))
    table.targets.append(("Requests per listing (ListContacts)", f"the minimum, {minimum}",
                          str(facts["ours_requests"]), facts["ours_requests"] == minimum))
    table.targets.append((f"`run` through the CLI, {n:,} contacts", "within 1.3x the in-process component",
                          f"{times(cli / jsonl)} (CLI {secs(cli)}, in process {secs(jsonl)})",
                          cli / jsonl <= 1.3))
    return table
