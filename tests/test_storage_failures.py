"""A store that cannot be used says so in one line, and the store stays private."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from intercom.cli import main
from intercom.host import Bundle
from intercom.server import ServerRuntime, create_app
from intercom.storage import ConnectionStore, StateStore, Store, close_all, default_home
from intercom.storage import sqlite as sqlite_store
from tests.trigger_support import (
    ALPHA,
    Accounts,
    Clock,
    Outbox,
    account,
    encoded,
    make_runtime,
    notification,
    signed_headers,
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_a_damaged_store_is_one_line_naming_the_file_and_the_fix() -> None:
    store = default_home() / "store.db"
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(b"this is not a database, it was overwritten" * 100)
    code, out, err = invoke("triggers", "list")
    assert (code, out) == (1, "")
    assert err == (f"error: the store {store} is damaged (file is not a database); move it aside and reconnect "
                   "(`auth login`), or restore it from a backup\n")


@pytest.fixture
def short_busy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_SECONDS", 0.2)
    close_all()


def hold_lock(path: Path) -> sqlite3.Connection:
    """Another process's long write transaction."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_a_locked_store_is_one_line_saying_what_to_do(short_busy_wait: None) -> None:
    path = default_home() / "store.db"
    StateStore(path).db.close()
    other = hold_lock(path)
    try:
        code, out, err = invoke("webhooks", "status")
    finally:
        other.close()
    assert (code, out) == (1, "")
    assert err == (f"error: the store {path} is locked by another process; stop the other `intercom-connector` "
                   "command using it, or try again\n")


async def test_healthz_answers_while_a_delivery_waits_for_a_locked_store(
    bundle: Bundle, tmp_path: Path, short_busy_wait: None
) -> None:
    runtime = make_runtime(bundle, clock=Clock(1_717_000_000), outbox=Outbox(),
                           accounts=Accounts(account(ALPHA, "conn-alpha")), home=tmp_path)
    server = ServerRuntime(config={}, connections=ConnectionStore(runtime.store), state=runtime.state,
                           public_url="http://127.0.0.1:1", extra_routes=list(runtime.routes()))
    app = create_app(server)
    other = hold_lock(tmp_path / "store.db")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://host.test") as client:
        body = encoded(notification("conversation.admin.closed", {"type": "conversation", "id": "1"}))
        delivery = asyncio.create_task(client.post("/webhooks/intercom", content=body, headers=signed_headers(body)))
        await asyncio.sleep(0.05)
        health = await client.get("/healthz")
        waiting = not delivery.done()
        answer = await delivery
    other.close()
    await runtime.aclose()
    assert health.status_code == 200 and waiting  # the loop never waited for the store
    # Not stored, so not acknowledged: Intercom delivers it again later.
    assert (answer.status_code, answer.json()) == (503, {"status": "the store is unavailable; deliver again later"})


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "never-used"
    monkeypatch.setenv("INTERCOM_CONNECTOR_HOME", str(home))
    return home


@pytest.mark.parametrize("command", [["webhooks", "status"], ["auth", "status"], ["triggers", "list"]])
def test_the_home_folder_is_0700_and_every_store_file_0600_whichever_command_comes_first(
    command: list[str], fresh_home: Path
) -> None:
    home = fresh_home
    assert not home.exists()
    assert invoke(*command)[0] == 0
    assert mode(home) == "0o700"
    files = sorted(home.glob("store.db*"))
    assert files and all(mode(f) == "0o600" for f in files), [(f.name, mode(f)) for f in files]


def test_a_home_folder_made_by_hand_is_tightened(fresh_home: Path) -> None:
    home = fresh_home
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    asyncio.run(Store().state.set("scope", "key", 1))
    assert mode(home) == "0o700" and mode(home / "store.db") == "0o600"


async def test_a_job_that_meets_another_processs_lock_waits_for_it_off_the_loop(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.db")
    await store.state.set("flow:a", "before", 1)  # the connection is open: jobs run on the loop
    other = hold_lock(tmp_path / "store.db")
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    ticker = asyncio.create_task(tick())
    first = asyncio.create_task(store.state.set("flow:a", "first", 2))
    await asyncio.sleep(0.3)
    waited, ticks_meanwhile = not first.done(), ticks
    other.close()
    await first
    ticker.cancel()
    assert waited and ticks_meanwhile >= 20  # the loop went on while the job waited
    assert await store.state.all("flow:a") == {"before": 1, "first": 2}
    store.close()


async def test_the_wal_is_copied_back_while_jobs_keep_coming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "CHECKPOINT_EVERY", 100)
    store = Store(tmp_path / "store.db")
    for n in range(2_000):
        await store.state.set("flow:w", f"k{n}", "x" * 200)
    frames = (tmp_path / "store.db-wal").stat().st_size // (4096 + 24)
    store.close()
    # Unchecked, every commit would stay in the WAL: at least one page each, 2,000 in all.
    assert frames < 1_000
