"""Running triggers: start and stop instances, route webhook notifications to them, tick pollers.

One ``TriggerRuntime`` serves every connected account, over one store (``intercom.storage``):
SQLite under the host's home by default, or a PostgreSQL that several ``serve`` instances
share. A restart, or another instance, resumes from what the store holds.

Webhook flow: the intake (``routes()``) verifies and stores a delivery, answers Intercom, and
wakes the dispatcher, which routes each notification into one delivery per trigger instance
listening for its workspace and topic, then calls each instance's ``receive`` with it as
``context.messages["webhook"]``. A delivery is finished only in the transaction that commits
what that receive emitted; a failed one is retried with backoff, then kept as a dead letter
(``dead_letters()``, ``retry()``).

Every trigger call (receive or tick) runs in a unit of work: its messages and state changes
are committed together (the outbox), then handed to ``on_emit`` with a stable message key. A
process killed at any point loses nothing and, on restart, resends only what was not handed
on; see ``intercom.storage.outbox`` for the one repeat possible.

Across instances: deliveries and outbox rows are claimed with leases (an instance that dies
leaves its claims to the others once the lease runs out), each polling trigger ticks where it
holds the tick lease, and quota windows are counted in the store. In one process, calls for
one instance never overlap.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from starlette.routing import Route

from ..config import require
from ..storage import ConnectionStore, Store, TriggerInstance
from ..storage.deliveries import Delivery, LeaseLostError
from ..storage.leases import owner_name, release_dead_owners
from ..storage.outbox import Unit
from ..webhooks import WEBHOOK_PATH, WebhookInbox, WebhookIntake, webhook_routes
from ..webhooks.inbox import FAILED, UNROUTED
from ..webhooks.notification import stored_message
from .bundle import Bundle, Component
from .context import CancelError, current_unit, state_scope
from .quota import QuotaGate
from .runner import Emitted, Host

logger = logging.getLogger("intercom.triggers")

# Appmixer's default polling period.
TICK_INTERVAL = 60.0
FLOW_ID = "local"
# How long a claim (delivery, outbox message, tick) is ours before another instance may take
# it over; a dead instance's work waits this long. Tests shorten it.
LEASE_ENV = "INTERCOM_CONNECTOR_LEASE_SECONDS"
DEFAULT_LEASE_SECONDS = 30.0
# A tick lease lasts at least this long (renewed while the tick runs).
MIN_TICK_LEASE_SECONDS = 5.0
# How often the dispatcher looks for work no local delivery announced: retries falling due,
# deliveries accepted by another instance, claims of a dead one.
SCAN_SECONDS = 1.0
# Seen keys (the duplicate filter) are kept this long after the event was emitted.
SEEN_RETENTION_SECONDS = 7 * 86_400
_PRUNE_EVERY_SECONDS = 3600.0
MAX_ERROR_CHARS = 300


class Account(Protocol):
    """A connected account as the runtime needs it (``intercom.storage.Connection``)."""

    id: str
    workspace_id: str | None

    def as_auth(self) -> dict[str, Any]: ...


class AccountLookup(Protocol):
    """``get`` may be sync or async; an ``aget`` coroutine is preferred when there is one."""

    def get(self, connection_id: str) -> Any: ...


@dataclass(frozen=True)
class Handed(Emitted):
    """A message as the runtime hands it on: with its stable key (a consumer drops repeats)."""

    key: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"port": self.port, "data": self.data, "key": self.key}


OnEmit = Callable[[TriggerInstance, Emitted], Awaitable[None]]
# Turns a stored account into one whose token is usable now (e.g. the OAuth TokenManager's ``active``).
Refresh = Callable[[Any], Awaitable[Any]]


async def log_emitted(instance: TriggerInstance, message: Emitted) -> None:
    logger.info("trigger %s (%s) emitted on %s", instance.component, instance.id, message.port)


def lease_seconds_from_env() -> float:
    try:
        return max(0.0, float(os.environ.get(LEASE_ENV) or DEFAULT_LEASE_SECONDS))
    except ValueError:
        return DEFAULT_LEASE_SECONDS


def describe_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__)[:MAX_ERROR_CHARS]


class TriggerRuntime:
    def __init__(
        self,
        bundle: Bundle,
        *,
        store: Store,
        accounts: AccountLookup,
        config: dict[str, Any] | None = None,
        on_emit: OnEmit = log_emitted,
        clock: Callable[[], float] = time.time,
        public_url: str | None = None,
        refresh: Refresh | None = None,
        lease_seconds: float | None = None,
        scan_seconds: float = SCAN_SECONDS,
    ) -> None:
        self.bundle = bundle
        self.store = store
        self.registry = store.listeners
        self.state = store.state
        self.deliveries = store.deliveries
        self.outbox = store.outbox
        self.leases = store.leases
        self.inbox = WebhookInbox(store.db, clock=clock)
        self.accounts = accounts
        self.config = dict(config or {})
        self.on_emit = on_emit
        self.clock = clock
        self.wall = time.time  # leases: every instance's clock, never a test's moved one
        self.public_url = public_url
        self.refresh = refresh
        self.lease_seconds = lease_seconds_from_env() if lease_seconds is None else lease_seconds
        self.scan_seconds = scan_seconds
        # Names this process in the store's claims: host, pid and a per-runtime nonce.
        self.owner = owner_name()
        self._reaped = False
        self._hosts: dict[str, Host] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._drain_lock = asyncio.Lock()
        self._hand_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None
        self._pruned_at = 0.0

    @classmethod
    def open(
        cls,
        home: Path | None = None,
        *,
        accounts: AccountLookup | None = None,
        bundle: Bundle | None = None,
        config: dict[str, Any] | None = None,
        on_emit: OnEmit = log_emitted,
        clock: Callable[[], float] = time.time,
        public_url: str | None = None,
        refresh: Refresh | None = None,
        store: Store | None = None,
    ) -> TriggerRuntime:
        """The runtime over the configured store, or the SQLite store in ``home`` when given."""
        if store is None:
            store = Store(home / "store.db") if home is not None else Store()
        if accounts is None:
            accounts = ConnectionStore(store.db)
        return cls(
            bundle or Bundle.load(),
            store=store,
            accounts=accounts,
            config=config,
            on_emit=on_emit,
            clock=clock,
            public_url=public_url,
            refresh=refresh,
        )

    # -- instances --------------------------------------------------------------------------

    async def start(
        self, name: str, properties: dict[str, Any] | None = None, *, account: Account
    ) -> TriggerInstance:
        """Check the options, record the instance, then run the component's ``start``."""
        component = self.bundle.find(name)
        if not component.is_trigger:
            raise CancelError(f"{component.short_name} is not a trigger; use `run` for actions")
        properties = dict(properties or {})
        self._host(account).check_properties(component, properties)
        instance = TriggerInstance(
            id=uuid.uuid4().hex[:16],
            component=component.name,
            properties=properties,
            connection_id=account.id,
            workspace_id=account.workspace_id,
            started_at=self.clock(),
        )
        await self.registry.add_instance(instance)
        try:
            if hasattr(component.handler, "start"):
                await self._call(instance, "start")
        except BaseException:
            await self._forget(instance)
            raise
        logger.info("started %s as %s", component.short_name, instance.id)
        return instance

    async def stop(self, instance_id: str) -> None:
        """Run the component's ``stop``, hand on what it already emitted, then drop everything of it."""
        instance = await self.registry.instance(instance_id)
        if instance is None:
            raise LookupError(f"no running trigger has the id {instance_id!r}")
        async with self._lock(instance_id):
            try:
                if hasattr(self.bundle.find(instance.component).handler, "stop"):
                    await self._call(instance, "stop")
            except Exception:
                logger.exception(
                    "trigger %s (%s): stop failed; removed anyway", instance.component, instance.id
                )
            finally:
                with suppress(Exception):
                    await self.hand_on()
                await self._forget(instance)
        logger.info("stopped %s (%s)", instance.component, instance_id)

    async def instances(self) -> list[TriggerInstance]:
        return await self.registry.instances()

    def component_of(self, instance: TriggerInstance) -> Component:
        return self.bundle.find(instance.component)

    # -- webhooks ---------------------------------------------------------------------------

    def routes(self, path: str = WEBHOOK_PATH) -> list[Route]:
        """The intake's routes; needs the app's client secret (``acme:intercom`` clientSecret)."""
        intake = WebhookIntake(
            require(self.config, "clientSecret"), self.inbox, on_accepted=self.notify, clock=self.clock
        )
        return webhook_routes(intake, path)

    def notify(self) -> None:
        """A notification was accepted: make sure the dispatcher runs."""
        self._wake.set()
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._dispatch_forever())

    async def drain(self) -> None:
        """Route, dispatch and hand on everything due now; returns when nothing is left to do.

        Deliveries waiting for a retry, or claimed by another instance, stay for later.
        """
        async with self._drain_lock:
            await self._reap()
            # Messages go out one at a time (each row deleted before the next goes), alongside
            # the next round's routing and receives rather than after them.
            handing: asyncio.Task[int] | None = None
            try:
                while True:
                    routed = await self.deliveries.route(now=self.clock(), unrouted_outcome=UNROUTED)
                    for workspace, topic in routed.unrouted:
                        await self._log_unrouted(workspace, topic)
                    claimed = await self.deliveries.claim(
                        self.owner, now=self.clock(), wall=self.wall(), lease=self.lease_seconds
                    )
                    # One instance's deliveries in order; different instances' side by side.
                    by_instance: dict[str, list[Delivery]] = {}
                    for delivery in claimed:
                        by_instance.setdefault(delivery.instance_id, []).append(delivery)
                    seen: dict[str, Any] = {}
                    await asyncio.gather(*(self._deliver_all(batch, seen) for batch in by_instance.values()))
                    if handing is None or handing.done():
                        if handing is not None:
                            handing.result()  # a store error stops the drain here, as it would inline
                        handing = asyncio.get_running_loop().create_task(self.hand_on())
                    if not claimed and not routed.deliveries and not routed.unrouted:
                        break
            finally:
                if handing is not None:
                    await handing
            await self.hand_on()  # what the last round committed after that pass looked
            await self._prune_seen()

    async def _log_unrouted(self, workspace: str, topic: str) -> None:
        if await self.registry.listens_to_workspace(workspace):
            logger.debug("no trigger of %s listens to %s", workspace, topic)
        else:
            logger.info("webhook %s for unknown workspace %s: no trigger listens to it; ignored",
                        topic, workspace)

    async def _dispatch_forever(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.drain()
            except Exception:  # a broken store must not kill the worker; the rows stay pending
                logger.exception("webhook dispatch failed; will retry")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.scan_seconds)

    async def _deliver_all(self, deliveries: list[Delivery], cache: dict[str, Any]) -> None:
        """One instance's deliveries in order, under its lock (ticks wait meanwhile).

        Each delivery's commit is written while the next one's receive runs, so a burst costs
        the store one commit, not one per notification: SQLite's single writer takes the
        commits in the order they were sent, PostgreSQL gets each after the one before, and a
        receive that reads state waits for the commit before it (``Unit.after``).
        """
        if not deliveries:
            return
        committing: list[asyncio.Task[None]] = []
        async with self._lock(deliveries[0].instance_id):
            try:
                for delivery in deliveries:
                    task = await self._deliver(delivery, cache, after=committing[-1] if committing else None)
                    if task is not None:
                        committing.append(task)
            finally:
                await asyncio.gather(*committing)

    async def _deliver(
        self, delivery: Delivery, cache: dict[str, Any], after: asyncio.Task[None] | None
    ) -> asyncio.Task[None] | None:
        """Receive one delivery; returns its commit, still being written (None if receive failed)."""
        key = f"instance:{delivery.instance_id}"
        if key not in cache:
            cache[key] = await self.registry.instance(delivery.instance_id)
        instance: TriggerInstance | None = cache[key]
        unit = Unit(state_scope(FLOW_ID, delivery.instance_id), delivery.instance_id,
                    key_prefix=f"{delivery.instance_id}:{delivery.note_key}", after=after)
        if instance is not None and delivery.body is not None:  # else stopped since: nothing to deliver
            try:
                webhook = {"data": stored_message(delivery.body)}
                await self._call(instance, "receive", webhook=webhook, unit=unit, cache=cache)
            except Exception as exc:
                await self._failed(delivery, instance, exc)
                return None
        return asyncio.get_running_loop().create_task(self._finish(unit, delivery, instance, after))

    async def _finish(
        self,
        unit: Unit,
        delivery: Delivery,
        instance: TriggerInstance | None,
        after: asyncio.Task[None] | None,
    ) -> None:
        if after is not None and not self.outbox.db.ordered:
            await asyncio.wait({after})  # its outcome, even a failure, is its own caller's
        try:
            await self._commit(unit, delivery=delivery)
        except LeaseLostError:
            logger.info("delivery %s to %s was taken over by another instance", delivery.note_key,
                        delivery.instance_id)
        except Exception as exc:
            await self._failed(delivery, instance, exc)

    async def _failed(self, delivery: Delivery, instance: TriggerInstance | None, exc: Exception) -> None:
        dead = await self.deliveries.fail(
            delivery, self.owner, describe_error(exc), now=self.clock(), dead_outcome=FAILED
        )
        component = instance.component if instance else delivery.instance_id
        if dead:
            logger.error("trigger %s (%s) failed on %s %s for good (%s); kept as a dead letter, "
                         "see `webhooks status` and `triggers retry`", component, delivery.instance_id,
                         delivery.topic, delivery.note_key, describe_error(exc))
        else:
            logger.warning("trigger %s (%s) failed on %s %s (attempt %d: %s); will retry", component,
                           delivery.instance_id, delivery.topic, delivery.note_key,
                           delivery.attempts + 1, describe_error(exc))

    async def dead_letters(self, instance_id: str | None = None) -> list[Delivery]:
        return await self.deliveries.dead(instance_id)

    async def retry(self, instance_ids: list[str] | None = None) -> int:
        """Send the dead letters again (all, or those of the given instances); returns how many."""
        count = await self.deliveries.retry(now=self.clock(), instance_ids=instance_ids or ())
        if count:
            await self.drain()
        return count

    # -- the outbox -------------------------------------------------------------------------

    async def _commit(
        self, unit: Unit, *, delivery: Delivery | None = None, lease: str | None = None
    ) -> None:
        await self.outbox.commit(unit, now=self.clock(), wall=self.wall(), owner=self.owner,
                                 delivery=delivery, lease=lease)

    async def hand_on(self) -> int:
        """Pass committed messages to ``on_emit``, oldest first; returns how many went out."""
        handed = 0
        async with self._hand_lock:
            while True:
                batch = await self.outbox.claim(self.owner, wall=self.wall(), lease=self.lease_seconds)
                if not batch:
                    return handed
                instances: dict[str, TriggerInstance | None] = {}
                for n, message in enumerate(batch):
                    if message.instance_id not in instances:
                        instances[message.instance_id] = await self.registry.instance(message.instance_id)
                    instance = instances[message.instance_id]
                    if instance is not None:
                        try:
                            await self.on_emit(instance, Handed(message.port, message.data, message.key))
                        except Exception:
                            logger.exception("handing on %s failed; it goes out again later", message.key)
                            await self.outbox.release([m.seq for m in batch[n:]])
                            return handed
                        handed += 1
                    # Deleted before the next goes out: a crash repeats at most the one in hand.
                    await self.outbox.handed(message.seq)

    # -- ticks ------------------------------------------------------------------------------

    async def tick_all(self, *, hold: float | None = None) -> None:
        """One round: ``tick`` every polling instance this process gets the tick lease of.

        ``hold``: keep each lease that long from the tick's start (``run_ticks``: about one
        interval), so other instances skip the trigger until its next turn.
        """
        await self._reap()
        ticking = [i for i in await self.registry.instances() if self._polls(i)]
        await asyncio.gather(*(self._tick(i, hold) for i in ticking))
        await self.hand_on()

    async def run_ticks(self, interval: float = TICK_INTERVAL) -> None:
        """Tick at a fixed rate (start to start) forever; cancel the task to stop."""
        while True:
            started = time.monotonic()
            try:
                await self.tick_all(hold=interval * 0.9)
            except Exception:
                logger.exception("tick round failed; trying again next interval")
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - started)))

    def _polls(self, instance: TriggerInstance) -> bool:
        try:
            return bool(self.component_of(instance).manifest.get("tick"))
        except LookupError:
            return False

    async def _tick(self, instance: TriggerInstance, hold: float | None) -> None:
        lease = f"tick:{instance.id}"
        ttl = max(self.lease_seconds, hold or 0.0, MIN_TICK_LEASE_SECONDS)
        started = self.wall()
        if not await self.leases.acquire(lease, self.owner, ttl):
            return  # another instance ticks it this turn
        keeper = asyncio.get_running_loop().create_task(self._keep_lease(lease, ttl))
        unit = Unit(state_scope(FLOW_ID, instance.id), instance.id)
        try:
            async with self._lock(instance.id):
                await self._call(instance, "tick", unit=unit)
                await self._commit(unit, lease=lease)
        except LeaseLostError:
            logger.warning("trigger %s (%s): tick outlived its lease; another instance ticks it",
                           instance.component, instance.id)
        except Exception:
            # Nothing was committed, so the next tick retries the same window.
            logger.exception("trigger %s (%s): tick failed", instance.component, instance.id)
        finally:
            keeper.cancel()
            with suppress(asyncio.CancelledError):
                await keeper
            with suppress(Exception):
                if hold is None:
                    await self.leases.release(lease, self.owner)
                else:  # held until one turn after the tick started
                    await self.leases.renew(lease, self.owner, max(0.0, started + hold - self.wall()))

    async def _keep_lease(self, lease: str, ttl: float) -> None:
        while True:
            await asyncio.sleep(max(0.05, ttl / 3))
            with suppress(Exception):
                await self.leases.renew(lease, self.owner, ttl)

    async def _reap(self) -> None:
        # Once per runtime: a predecessor killed on this machine leaves no claim to wait out.
        if not self._reaped:
            self._reaped = True
            freed = await release_dead_owners(self.store.db)
            if freed:
                logger.info("took over %d claims of processes that died", freed)

    async def _prune_seen(self) -> None:
        now = self.clock()
        if now - self._pruned_at >= _PRUNE_EVERY_SECONDS:
            self._pruned_at = now
            await self.state.forget_seen(now - SEEN_RETENTION_SECONDS)

    # -- lifecycle --------------------------------------------------------------------------

    @asynccontextmanager
    async def serving(self, tick_interval: float = TICK_INTERVAL) -> AsyncIterator[None]:
        """Dispatch what a previous run left pending, tick the pollers, and stop both on exit.

        Usable as a Starlette lifespan: ``lifespan=lambda _app: runtime.serving()``.
        """
        self.notify()
        ticker = asyncio.get_running_loop().create_task(self.run_ticks(tick_interval))
        try:
            yield
        finally:
            ticker.cancel()
            with suppress(asyncio.CancelledError):
                await ticker
            await self.aclose()

    async def aclose(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None
        for host in self._hosts.values():
            with suppress(Exception):
                await host.aclose()
        self._hosts.clear()

    # -- plumbing ---------------------------------------------------------------------------

    def _host(self, account: Account) -> Host:
        host = self._hosts.get(account.id)
        if host is None:
            host = Host(
                self.bundle,
                config=self.config,
                state=self.state,
                public_url=self.public_url,
                listeners=self.registry,
                clock=self.clock,
            )
            # One quota for the account across every instance sharing the store.
            host.quota = QuotaGate(self.bundle.quota, self.config, rates=self.store.rates, scope=account.id)
            self._hosts[account.id] = host
        host.connection = account.as_auth()  # fresh every call: a token may have been replaced
        return host

    async def _account(self, connection_id: str) -> Any:
        lookup = getattr(self.accounts, "aget", None) or self.accounts.get
        account = lookup(connection_id)
        return await account if inspect.isawaitable(account) else account

    async def _call(
        self,
        instance: TriggerInstance,
        function: str,
        webhook: dict[str, Any] | None = None,
        unit: Unit | None = None,
        cache: dict[str, Any] | None = None,
    ) -> None:
        key = f"account:{instance.connection_id}"
        if cache is not None and key in cache:
            account = cache[key]
        else:
            account = await self._account(instance.connection_id)
            if cache is not None:
                cache[key] = account
        if account is None:
            raise CancelError(
                f"the account {instance.connection_id} of trigger {instance.id} is no longer connected"
            )
        if self.refresh is not None:
            account = await self.refresh(account)

        async def forward(message: Emitted) -> None:
            await self.on_emit(instance, message)

        token = current_unit.set(unit)
        try:
            await self._host(account).call_trigger(
                instance.component,
                function,
                component_id=instance.id,
                properties=instance.properties,
                webhook=webhook,
                # In a unit, messages go out through the outbox once committed.
                forward=None if unit is not None else forward,
            )
        finally:
            current_unit.reset(token)

    def _lock(self, instance_id: str) -> asyncio.Lock:
        return self._locks.setdefault(instance_id, asyncio.Lock())

    async def _forget(self, instance: TriggerInstance) -> None:
        await self.registry.remove_instance(instance.id)
        await self.state.clear(state_scope(FLOW_ID, instance.id))
        await self.deliveries.drop_instance(instance.id)
        await self.outbox.drop_instance(instance.id)
        self._locks.pop(instance.id, None)
