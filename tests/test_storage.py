"""The storage interface, the same suite on SQLite and on PostgreSQL (see the ``store`` fixture).

"Another instance" is a second database object on the same file or server: its own worker
thread or connection pool, as a second ``serve`` process would have.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from intercom.server.states import OAuthStates
from intercom.storage import Connection, StaleConnectionError, Store, StoreError
from intercom.storage import state as state_module
from intercom.storage.db import Database
from intercom.storage.deliveries import LeaseLostError
from intercom.storage.outbox import Outgoing, Unit
from intercom.storage.schema import LATEST, migrate
from intercom.storage.sqlite import SqliteDatabase
from intercom.webhooks import WebhookInbox, parse_notification
from tests.trigger_support import ALPHA, encoded, notification

T = 1_717_000_000.0


def another_instance(location: str) -> Store:
    """The same store, opened as a second process would open it."""
    db: Database
    if location.startswith("postgresql://"):
        from intercom.storage.postgres import PostgresDatabase

        db = PostgresDatabase(location)
    else:
        db = SqliteDatabase(location)
    migrate(db)
    return Store(db)


async def test_state_values_round_trip_and_survive_a_reopen(store: Store, store_location: str) -> None:
    await store.state.set("flow:a", "poll", {"floor": 5, "names": ["é", "x"]})
    await store.state.set("flow:a", "other", 1)
    await store.state.set("flow:b", "poll", {"floor": 9})
    await store.state.unset("flow:a", "other")
    other = another_instance(store_location)
    try:
        assert await other.state.all("flow:a") == {"poll": {"floor": 5, "names": ["é", "x"]}}
        await other.state.clear("flow:a")
        assert await store.state.get("flow:a", "poll", "gone") == "gone"
        assert await store.state.get("flow:b", "poll") == {"floor": 9}
    finally:
        other.close()


async def test_a_seen_key_is_new_once_and_forgotten_after_the_retention(store: Store) -> None:
    assert await store.state.remember("flow:a", "contact-1", T)
    assert not await store.state.remember("flow:a", "contact-1", T + 5)
    assert await store.state.remember("flow:b", "contact-1", T)  # per trigger instance
    await store.state.remember("flow:a", "contact-2", T + 100)
    assert await store.state.forget_seen(T + 50) == 2
    assert not await store.state.seen("flow:a", "contact-1")
    assert await store.state.seen("flow:a", "contact-2")


async def test_forgetting_seen_keys_goes_a_chunk_per_transaction_to_the_end(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_module, "PRUNE_CHUNK", 2)
    for n in range(5):
        await store.state.remember("flow:a", f"old-{n}", T)
    await store.state.remember("flow:a", "new", T + 100)
    assert await store.state.forget_seen(T + 50) == 5
    assert [await store.state.seen("flow:a", key) for key in ("old-0", "old-4", "new")] == [False, False, True]


async def test_a_connection_saved_meanwhile_by_another_instance_is_not_overwritten(
    store: Store, store_location: str
) -> None:
    saved = await store.connections.save(Connection(access_token="tok-1", workspace_id=ALPHA))
    other = another_instance(store_location)
    try:
        mine = await store.connections.get(saved.id)
        theirs = await other.connections.get(saved.id)
        assert mine is not None and theirs is not None
        theirs.access_token = "tok-refreshed-there"
        await other.connections.save(theirs)
        mine.access_token = "tok-refreshed-here"
        with pytest.raises(StaleConnectionError, match=f"the connection {saved.id} was changed by another"):
            await store.connections.save(mine)
        again = await store.connections.get(saved.id)
        assert again is not None and again.access_token == "tok-refreshed-there"
    finally:
        other.close()


async def test_tokens_are_encrypted_at_rest(store: Store) -> None:
    await store.connections.save(Connection(access_token="tok-secret-value", refresh_token="ref-secret",
                                            workspace_id=ALPHA))
    [raw] = await store.db.run(lambda tx: tx.fetchall("SELECT data FROM connections"))
    assert raw[0].startswith("fernet:")
    assert "tok-secret-value" not in raw[0] and "ref-secret" not in raw[0]
    [loaded] = await store.connections.all()
    assert loaded.access_token == "tok-secret-value"


async def test_a_store_read_with_the_wrong_key_says_which_setting_to_fix(
    store: Store, store_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await store.connections.save(Connection(access_token="tok", workspace_id=ALPHA))
    monkeypatch.setenv("INTERCOM_CONNECTOR_STORE_KEY", "oNtakCcBYxOyqWGzv2x1uh0o8wB8oiP9gZnU5RMw5b0=")
    other = another_instance(store_location)
    try:
        with pytest.raises(StoreError, match="INTERCOM_CONNECTOR_STORE_KEY does not decrypt the connections in"):
            await other.connections.all()
    finally:
        other.close()


async def test_an_oauth_flow_started_on_one_instance_completes_on_another_once(
    store: Store, store_location: str
) -> None:
    other = another_instance(store_location)
    try:
        state = await OAuthStates(store).aissue({"browser": "b-1"})
        # The same callback twice at once (a double click, or two instances): one wins.
        results = await asyncio.gather(OAuthStates(other).atake(state), OAuthStates(store).atake(state))
        assert sorted(results, key=lambda r: r is None) == [{"browser": "b-1"}, None]
        expired = OAuthStates(store, ttl=-1)
        assert not await OAuthStates(other).aconsume(await expired.aissue())
    finally:
        other.close()


async def test_a_lease_has_one_holder_and_moves_when_it_expires(store: Store, store_location: str) -> None:
    other = another_instance(store_location)
    try:
        assert await store.leases.acquire("tick:abc", "host-a", ttl=30)
        assert not await other.leases.acquire("tick:abc", "host-b", ttl=30)
        assert await store.leases.renew("tick:abc", "host-a", ttl=30)
        dead = await store.leases.acquire("tick:def", "host-a", ttl=0.01)
        await asyncio.sleep(0.05)  # host-a died: nobody renewed it
        assert dead and await other.leases.acquire("tick:def", "host-b", ttl=30)
        assert not await store.leases.renew("tick:def", "host-a", ttl=30)
        assert (await store.leases.holder("tick:def") or ("",))[0] == "host-b"
    finally:
        other.close()


async def test_rate_windows_are_shared_by_every_instance(store: Store, store_location: str) -> None:
    other = another_instance(store_location)
    try:
        taken = [await s.rates.reserve("quota:conn-1:requests", 3, 60) for s in (store, other, store)]
        assert taken == [0.0, 0.0, 0.0]
        wait = await other.rates.reserve("quota:conn-1:requests", 3, 60)
        assert 59 < wait <= 60  # the fourth call within the minute waits for the first to leave
        assert await other.rates.reserve("quota:conn-2:requests", 3, 60) == 0.0
    finally:
        other.close()


async def test_concurrent_deliveries_of_one_notification_are_accepted_once(store: Store) -> None:
    inbox = WebhookInbox(store)
    note = parse_notification(encoded(notification("contact.user.created", {"id": "c1"}, note_id="n-1")))
    fresh = await asyncio.gather(*(inbox.accept(note) for _ in range(40)))
    assert fresh.count(True) == 1
    [stats] = inbox.stats()
    assert (stats.counts["accepted"], stats.counts["duplicate"]) == (1, 39)


async def test_each_delivery_is_claimed_by_one_instance(store: Store, store_location: str) -> None:
    from intercom.storage import Listener, TriggerInstance

    await store.listeners.add_instance(TriggerInstance("i-1", "acme.intercom.triggers.NewContact", {}, "c", ALPHA))
    await store.listeners.add(Listener("i-1", "contact.user.created", ALPHA))
    inbox = WebhookInbox(store)
    for n in range(30):
        await inbox.accept(parse_notification(encoded(
            notification("contact.user.created", {"id": str(n)}, note_id=f"n-{n}", app_id=ALPHA))))
    assert (await store.deliveries.route(now=T)).deliveries == 30
    other = another_instance(store_location)
    try:
        claims = await asyncio.gather(*(
            s.deliveries.claim(owner, now=T, wall=T, lease=30, limit=7)
            for s, owner in [(store, "a"), (other, "b")] * 3
        ))
        keys = [d.note_key for batch in claims for d in batch]
        assert len(keys) == len(set(keys)) == 30
    finally:
        other.close()


async def test_a_unit_is_committed_whole_or_not_at_all(store: Store) -> None:
    unit = Unit("flow:i-1", "i-1")
    unit.writes["poll"] = {"since": 10}
    unit.messages += [Outgoing("out", {"id": "r1"}, "r1"), Outgoing("out", {"id": "r1"}, "r1"),
                      Outgoing("out", {"id": "r2"}, "r2")]
    assert await store.outbox.commit(unit, now=T, wall=T) == 2  # the same key twice counts once
    assert await store.state.get("flow:i-1", "poll") == {"since": 10}
    # A tick whose lease another instance took meanwhile writes nothing at all.
    await store.leases.acquire("tick:i-1", "someone-else", ttl=30)
    late = Unit("flow:i-1", "i-1", writes={"poll": {"since": 99}}, messages=[Outgoing("out", {"id": "r3"}, "r3")])
    with pytest.raises(LeaseLostError):
        await store.outbox.commit(late, now=T, wall=T, owner="me", lease="tick:i-1")
    assert await store.state.get("flow:i-1", "poll") == {"since": 10}
    handed = await store.outbox.claim("me", wall=T, lease=30)
    assert [(m.key, m.data) for m in handed] == [("i-1:r1", {"id": "r1"}), ("i-1:r2", {"id": "r2"})]
    # And a key emitted before is dropped, however it comes back.
    again = Unit("flow:i-1", "i-1", messages=[Outgoing("out", {"id": "r2"}, "r2")])
    assert await store.outbox.commit(again, now=T, wall=T) == 0


async def test_jobs_sent_together_commit_apart_when_one_fails(store: Store) -> None:
    """A burst shares one commit; a job that fails halfway is undone alone and gets its error."""

    def writer(key: str, fail: bool = False) -> Any:
        async def job(tx: Any) -> str:
            await tx.execute("INSERT INTO state (scope, key, value) VALUES (?, ?, ?)", ("flow:j", key, "1"))
            if fail:
                raise LookupError(f"{key} gave up after writing")
            return key

        return job

    jobs = [writer("a"), writer("b"), writer("c", fail=True), writer("d")]
    results = await asyncio.gather(*(store.db.run(job) for job in jobs), return_exceptions=True)
    assert results[:2] == ["a", "b"] and results[3] == "d"
    assert isinstance(results[2], LookupError) and str(results[2]) == "c gave up after writing"
    assert await store.state.all("flow:j") == {"a": 1, "b": 1, "d": 1}


async def test_a_store_from_a_newer_version_is_refused(store: Store, store_location: str) -> None:
    await store.db.run(lambda tx: tx.execute("INSERT INTO schema_version (version) VALUES (?)", (LATEST + 1,)))
    store.close()
    with pytest.raises(StoreError, match=rf"written by a newer intercom-connector \(schema {LATEST + 1}"):
        another_instance(store_location)


def test_the_migrations_are_recorded_once(store: Store, store_location: str) -> None:
    another_instance(store_location).close()  # opening again applies nothing twice
    rows = store.db.run_sync(lambda tx: tx.fetchall("SELECT version FROM schema_version ORDER BY version"))
    assert [r[0] for r in rows] == list(range(1, LATEST + 1))
    assert json.dumps(rows)  # plain values, whichever engine
