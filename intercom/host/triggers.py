"""Running triggers: start and stop instances, route webhook notifications to them, tick pollers.

One ``TriggerRuntime`` serves every connected account. Its pieces are persisted under the
host's home, so a restart resumes where it stopped:

| file          | holds                                                              |
|---------------|--------------------------------------------------------------------|
| triggers.db   | started trigger instances and the topics each listens to           |
| state.db      | each instance's own state (baselines, ids already emitted)         |
| webhooks.db   | accepted notifications (duplicate filter, dispatch queue), counters |

Webhook flow: the intake (``routes()``) verifies and stores a delivery, answers Intercom, and
wakes a worker task that hands the notification to every instance listening for that
workspace and topic, as ``context.messages["webhook"]``. Calls for one instance never overlap
(a webhook delivery waits for a running tick, and the other way round).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

from starlette.routing import Route

from ..webhooks import WEBHOOK_PATH, Notification, WebhookInbox, WebhookIntake, webhook_routes
from ..webhooks.inbox import FAILED, UNROUTED
from .bundle import Bundle, Component
from .context import CancelError, state_scope
from .listeners import ListenerRegistry, TriggerInstance
from .runner import Emitted, Host
from .state import StateStore, default_home

logger = logging.getLogger("intercom.triggers")

# Appmixer's default polling period.
TICK_INTERVAL = 60.0
FLOW_ID = "local"


class Account(Protocol):
    """A connected account as the runtime needs it (``intercom.connections.Connection``)."""

    id: str
    workspace_id: str | None

    def as_auth(self) -> dict[str, Any]: ...


class AccountLookup(Protocol):
    def get(self, connection_id: str) -> Account | None: ...


OnEmit = Callable[[TriggerInstance, Emitted], Awaitable[None]]
# Turns a stored account into one whose token is usable now (e.g. the OAuth TokenManager's ``active``).
Refresh = Callable[[Any], Awaitable[Any]]


async def log_emitted(instance: TriggerInstance, message: Emitted) -> None:
    logger.info("trigger %s (%s) emitted on %s", instance.component, instance.id, message.port)


class TriggerRuntime:
    def __init__(
        self,
        bundle: Bundle,
        *,
        registry: ListenerRegistry,
        state: StateStore,
        inbox: WebhookInbox,
        accounts: AccountLookup,
        config: dict[str, Any] | None = None,
        on_emit: OnEmit = log_emitted,
        clock: Callable[[], float] = time.time,
        public_url: str | None = None,
        refresh: Refresh | None = None,
    ) -> None:
        self.bundle = bundle
        self.registry = registry
        self.state = state
        self.inbox = inbox
        self.accounts = accounts
        self.config = dict(config or {})
        self.on_emit = on_emit
        self.clock = clock
        self.public_url = public_url
        self.refresh = refresh
        self._hosts: dict[str, Host] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._drain_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None

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
    ) -> TriggerRuntime:
        """The runtime over the files in ``home`` (default: the host's home directory)."""
        home = home or default_home()
        if accounts is None:
            from ..connections import ConnectionStore  # the store imports the host: import late

            accounts = ConnectionStore(home / "connections.db")
        return cls(
            bundle or Bundle.load(),
            registry=ListenerRegistry(home / "triggers.db"),
            state=StateStore(home / "state.db"),
            inbox=WebhookInbox(home / "webhooks.db", clock=clock),
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
        self.registry.add_instance(instance)
        try:
            if hasattr(component.handler, "start"):
                await self._call(instance, "start")
        except BaseException:
            self._forget(instance)
            raise
        logger.info("started %s as %s", component.short_name, instance.id)
        return instance

    async def stop(self, instance_id: str) -> None:
        """Run the component's ``stop``, then drop its listeners and state whatever it did."""
        instance = self.registry.instance(instance_id)
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
                self._forget(instance)
        logger.info("stopped %s (%s)", instance.component, instance_id)

    def instances(self) -> list[TriggerInstance]:
        return self.registry.instances()

    def component_of(self, instance: TriggerInstance) -> Component:
        return self.bundle.find(instance.component)

    # -- webhooks ---------------------------------------------------------------------------

    def routes(self, path: str = WEBHOOK_PATH) -> list[Route]:
        """The intake's routes; needs the app's client secret (``acme:intercom`` clientSecret)."""
        from ..config import require  # keeps the config module out of the host's import graph

        intake = WebhookIntake(require(self.config, "clientSecret"), self.inbox, on_accepted=self.notify)
        return webhook_routes(intake, path)

    def notify(self) -> None:
        """A notification was accepted: make sure the dispatcher runs."""
        self._wake.set()
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._dispatch_forever())

    async def drain(self) -> None:
        """Dispatch every pending notification, oldest first; returns when none is left."""
        async with self._drain_lock:
            for pending in self.inbox.pending():
                await self._dispatch(pending.notification)
                self.inbox.finish(pending.key)

    async def _dispatch_forever(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.drain()
            except Exception:  # a broken store must not kill the worker; the rows stay pending
                logger.exception("webhook dispatch failed; will retry on the next delivery")
            if not self._wake.is_set():
                await self._wake.wait()

    async def _dispatch(self, notification: Notification) -> None:
        listeners = self.registry.matching(notification.app_id, notification.topic)
        if not listeners:
            self.inbox.count(notification.topic, UNROUTED)
            if self.registry.listens_to_workspace(notification.app_id):
                logger.debug("no trigger of %s listens to %s", notification.app_id, notification.topic)
            else:
                logger.info(
                    "webhook %s for unknown workspace %s: no trigger listens to it; ignored",
                    notification.topic,
                    notification.app_id,
                )
            return
        content = {"data": notification.as_message()}
        for listener in listeners:
            instance = self.registry.instance(listener.instance_id)
            if instance is None:
                continue
            try:
                async with self._lock(instance.id):
                    await self._call(instance, "receive", webhook=content)
            except Exception:
                # One failing trigger must not keep the others from getting the event.
                self.inbox.count(notification.topic, FAILED)
                logger.exception(
                    "trigger %s (%s) failed on %s %s",
                    instance.component,
                    instance.id,
                    notification.topic,
                    notification.dedupe_key,
                )

    # -- ticks ------------------------------------------------------------------------------

    async def tick_all(self) -> None:
        """One round: ``tick`` every instance whose component polls, concurrently."""
        ticking = [i for i in self.registry.instances() if self.component_of(i).manifest.get("tick")]
        await asyncio.gather(*(self._tick(i) for i in ticking))

    async def run_ticks(self, interval: float = TICK_INTERVAL) -> None:
        """Tick forever; cancel the task to stop."""
        while True:
            await self.tick_all()
            await asyncio.sleep(interval)

    async def _tick(self, instance: TriggerInstance) -> None:
        try:
            async with self._lock(instance.id):
                await self._call(instance, "tick")
        except Exception:
            # State only advances after messages are sent, so the next tick retries the same window.
            logger.exception("trigger %s (%s): tick failed", instance.component, instance.id)

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
            self._hosts[account.id] = host
        host.connection = account.as_auth()  # fresh every call: a token may have been replaced
        return host

    async def _call(
        self, instance: TriggerInstance, function: str, webhook: dict[str, Any] | None = None
    ) -> None:
        account = self.accounts.get(instance.connection_id)
        if account is None:
            raise CancelError(
                f"the account {instance.connection_id} of trigger {instance.id} is no longer connected"
            )
        if self.refresh is not None:
            account = await self.refresh(account)

        async def forward(message: Emitted) -> None:
            await self.on_emit(instance, message)

        await self._host(account).call_trigger(
            instance.component,
            function,
            component_id=instance.id,
            properties=instance.properties,
            webhook=webhook,
            forward=forward,
        )

    def _lock(self, instance_id: str) -> asyncio.Lock:
        return self._locks.setdefault(instance_id, asyncio.Lock())

    def _forget(self, instance: TriggerInstance) -> None:
        self.registry.remove_instance(instance.id)
        self.state.clear(state_scope(FLOW_ID, instance.id))
        self._locks.pop(instance.id, None)
