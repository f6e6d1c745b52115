"""A scripted history run in a child process that the crash test kills at random points.

The history: contacts created one a minute; most arrive by webhook (some twice, every fifth
never), search lags creation by two minutes; one New Contact trigger takes webhooks and
catches up, another polls. Each step (webhooks then a tick) is checkpointed once done, so a
killed run resumes at the step it was in. Every message handed on is appended to a file, as
a consumer outside the host would receive it.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import respx

from intercom.host import Bundle, Emitted
from intercom.host.triggers import TriggerRuntime
from intercom.storage import Store, TriggerInstance
from intercom.storage.schema import migrate
from intercom.storage.sqlite import SqliteDatabase
from intercom.webhooks import parse_notification
from tests.replay import BASE_URL
from tests.trigger_support import ALPHA, SECRET, Accounts, Clock, FakeSearch, account, encoded, notification

T0 = 1_717_000_000
STEP = 60
# Long enough that the 50 kills land well before the end (about a quarter of the way here).
STEPS = 400
CONTACTS = 300
ACCOUNTS = Accounts(account(ALPHA, "conn-alpha"))
BUNDLE = Bundle.load()  # loaded once in the fork server, not in every child


def contact(n: int) -> dict[str, Any]:
    created = T0 + 30 + n * STEP
    return {"type": "contact", "id": f"{n:024x}", "role": "user", "email": f"c{n}@example.test",
            "created_at": created, "updated_at": created}


def webhooks_at(step: int) -> list[dict[str, Any]]:
    """The notifications Intercom delivers during a step: one per contact created in it."""
    notes = []
    for n in range(CONTACTS):
        if T0 + (step - 1) * STEP < contact(n)["created_at"] <= T0 + step * STEP and n % 5:
            note = notification("contact.user.created", contact(n), note_id=f"note-{n}",
                                created_at=contact(n)["created_at"])
            notes += [note, note] if n % 7 == 0 else [note]
    return notes


def runtime(store_path: Path, clock: Clock, out: int) -> TriggerRuntime:
    async def consume(instance: TriggerInstance, message: Emitted) -> None:
        line = {"instance": instance.id, "key": getattr(message, "key", ""), "id": message.data["id"]}
        os.write(out, (json.dumps(line) + "\n").encode())

    # Its own database object: a forked child must not reuse one whose thread stayed in the parent.
    db = SqliteDatabase(store_path)
    migrate(db)
    return TriggerRuntime(BUNDLE, store=Store(db), accounts=ACCOUNTS, config={"clientSecret": SECRET},
                          on_emit=consume, clock=clock, lease_seconds=0.0)


async def start_triggers(store_path: Path) -> dict[str, str]:
    rt = runtime(store_path, Clock(T0), os.open(os.devnull, os.O_WRONLY))
    webhook = await rt.start("NewContact", {}, account=ACCOUNTS.by_id["conn-alpha"])
    polling = await rt.start("NewContact", {"receiveBy": "polling"}, account=ACCOUNTS.by_id["conn-alpha"])
    rt.store.close()
    return {"webhook": webhook.id, "polling": polling.id}


async def play(store_path: Path, out_path: Path, checkpoint: Path) -> None:
    step = int(checkpoint.read_text()) if checkpoint.exists() else 1  # noqa: ASYNC240 (a child's start)
    clock = Clock(T0 + step * STEP)
    search = FakeSearch(clock, "data", page_size=50)
    for n in range(CONTACTS):
        search.add(contact(n), indexed_at=contact(n)["created_at"] + 120)
    out = os.open(out_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as api:
        api.post("/contacts/search").mock(side_effect=search)
        rt = runtime(store_path, clock, out)
        while step <= STEPS:
            clock.now = T0 + step * STEP
            for note in webhooks_at(step):
                await rt.inbox.accept(parse_notification(encoded(note)))
            await rt.drain()
            await rt.tick_all()
            step += 1
            tmp = checkpoint.with_suffix(".tmp")
            tmp.write_text(str(step))
            tmp.replace(checkpoint)  # the step is done only once this says so
        await rt.drain()
        await rt.aclose()
        rt.store.close()


def main(store_path: str, out_path: str, checkpoint: str) -> None:
    asyncio.run(play(Path(store_path), Path(out_path), Path(checkpoint)))


if __name__ == "__main__":
    main(*sys.argv[1:4])
