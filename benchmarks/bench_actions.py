"""Single actions: GetContact, CreateContact, ReplyToConversation, each as a flow engine calls it.

Ours is the in-process host with its pooled client (one per connection, reused across calls:
input validated, quota gate, retries and error mapping included); the floor is the same request
from a reused ``httpx.AsyncClient``; the SDK is python-intercom with one client reused. Each
repetition runs a block of calls per client, interleaved, after one warm-up call each (which
builds the client); the table shows the median call over all blocks. Each call reads or
replies to a different record.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from . import sdk
from .common import TOKEN, Options, Table, median, ms, times
from .peers import host, plain_client

ACTIONS = ("GetContact", "CreateContact", "ReplyToConversation")


def _email() -> str:
    return f"bench-{uuid.uuid4().hex[:12]}@example.com"


def _ours(action: str, target: str, admin: str) -> tuple[str, dict[str, Any]]:
    if action == "GetContact":
        return action, {"contactId": target}
    if action == "CreateContact":
        return action, {"email": _email(), "name": "Bench"}
    return action, {"conversationId": target, "body": "On it", "adminId": admin}


async def _plain(client: httpx.AsyncClient, action: str, target: str, admin: str) -> None:
    if action == "GetContact":
        response = await client.get(f"/contacts/{target}")
    elif action == "CreateContact":
        response = await client.post("/contacts", json={"email": _email(), "name": "Bench", "role": "user"})
    else:
        response = await client.post(f"/conversations/{target}/reply", json={
            "message_type": "comment", "type": "admin", "admin_id": admin, "body": "On it"})
    response.raise_for_status()
    response.json()


async def _timed(calls: list[Callable[[], Awaitable[Any]]]) -> list[float]:
    seconds = []
    for call in calls:
        started = time.perf_counter()
        await call()
        seconds.append(time.perf_counter() - started)
    return seconds


async def _ids(client: httpx.AsyncClient, path: str, key: str, count: int) -> list[str]:
    ids: list[str] = []
    cursor = None
    while len(ids) < count:
        params: dict[str, Any] = {"per_page": 150, **({"starting_after": cursor} if cursor else {})}
        body = (await client.get(path, params=params)).json()
        ids += [item["id"] for item in body[key]]
        cursor = ((body.get("pages") or {}).get("next") or {}).get("starting_after")
        if not cursor:
            break
    if len(ids) < count:
        raise RuntimeError(f"the sandbox has {len(ids)} records at {path}; {count} are needed")
    return ids[:count]


def run(opts: Options, base_url: str) -> Table:
    block = 5 if opts.quick else 20
    runner = asyncio.Runner()
    ours = host(base_url)
    client = runner.run(_make(base_url))
    each = 2 + opts.reps * (3 * block + 1)  # records one action reads: warm-ups, then every block
    contacts = iter(runner.run(_ids(client, "/contacts", "data", each)))
    conversations = iter(runner.run(_ids(client, "/conversations", "conversations", each)))
    admin = str(runner.run(client.get("/me")).json()["id"])
    seconds: dict[tuple[str, str], list[float]] = {}

    def targets(action: str, count: int) -> list[str]:
        if action == "CreateContact":
            return [""] * count  # each call makes a new contact
        source = conversations if action == "ReplyToConversation" else contacts
        return [next(source) for _ in range(count)]

    for action in ACTIONS:  # one warm-up call each: the first builds the client
        runner.run(ours.run(*_ours(action, *targets(action, 1), admin)))
        runner.run(_plain(client, action, *targets(action, 1), admin))
    def block_of(action: str, who: str) -> None:
        if who == "ours":
            calls = [lambda t=t: ours.run(*_ours(action, t, admin)) for t in targets(action, block)]
            seconds.setdefault((action, who), []).extend(runner.run(_timed(calls)))
        elif who == "plain":
            calls = [lambda t=t: _plain(client, action, t, admin) for t in targets(action, block)]
            seconds.setdefault((action, who), []).extend(runner.run(_timed(calls)))
        elif opts.sdk_python is not None:
            found = sdk.run(opts.sdk_python, {"job": action, "base_url": base_url, "token": TOKEN,
                                              "admin_id": admin, "targets": targets(action, block + 1)})
            if found["error"]:
                raise RuntimeError(f"the SDK's {action} failed: {found['error']}")
            seconds.setdefault((action, who), []).extend(found["seconds"][1:])  # the first: warm-up

    clients = ["ours", "plain", "sdk"]
    for rep in range(opts.reps):
        for action in ACTIONS:
            for who in clients[rep % 3:] + clients[:rep % 3]:  # each repetition starts with the next
                block_of(action, who)
        print(f"  single actions: repetition {rep + 1}/{opts.reps} done", flush=True)
    runner.run(client.aclose())
    runner.run(ours.aclose())
    runner.close()
    return _table(opts, seconds, block)


async def _make(base_url: str) -> httpx.AsyncClient:
    return plain_client(base_url)


def _table(opts: Options, seconds: dict[tuple[str, str], list[float]], block: int) -> Table:
    table = Table(
        "Single actions",
        f"{__doc__.split(chr(10), 1)[1].strip()} {opts.reps} repetitions of {block} calls per client.",
        ["action", "plain httpx (floor)", "ours, in process", "ours / floor", "python-intercom SDK",
         "SDK / floor"],
    )
    for action in ACTIONS:
        floor, mine = median(seconds[(action, "plain")]), median(seconds[(action, "ours")])
        sdk_s = median(seconds[(action, "sdk")]) if (action, "sdk") in seconds else None
        table.rows.append([action, ms(floor), ms(mine), times(mine / floor),
                           ms(sdk_s) if sdk_s else f"not run ({opts.sdk_note})",
                           times(sdk_s / floor) if sdk_s else "-"])
        table.targets.append((f"Single action {action}", "within 1.5x the plain httpx call",
                              f"{times(mine / floor)} ({ms(mine)} against {ms(floor)})", mine / floor <= 1.5))
    return table
