"""`watch`, `webhooks setup|status` and `triggers start|stop|list`: running triggers by hand.

``watch`` runs one trigger in the foreground and prints what it emits. ``triggers start``
records a trigger for ``serve`` to run (it picks up new instances from the shared store).
``webhooks setup`` is the guided part of Intercom's manual webhook configuration, and
``webhooks status`` shows what the intake has received.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import uvicorn
from starlette.applications import Starlette

from .. import auth
from ..client import InputError, IntercomError
from ..config import require
from ..host import Bundle, CancelError
from ..host.triggers import TICK_INTERVAL, TriggerRuntime
from ..kit.triggers import EventTrigger
from ..storage import Connection, ConnectionStore, Store, TriggerInstance
from ..storage.deliveries import Delivery
from ..webhooks import OUTCOMES, WEBHOOK_PATH, WebhookInbox, describe
from ._common import (
    TOKEN_ENV,
    config_option,
    echo_emitted,
    fail,
    parse_json_option,
    pretty_option,
    service_config,
)
from ._listen import listen_socket, port_option

DEFAULT_PORT = 8787


class OneAccount:
    """The account lookup of a runtime that runs as a single connection (maybe never stored)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, connection_id: str) -> Connection | None:
        return self.connection if connection_id == self.connection.id else None


async def choose_account(connection_id: str | None, region: str | None) -> Connection:
    """The stored connection asked for, else INTERCOM_ACCESS_TOKEN (as `run`), else the latest stored."""
    store = ConnectionStore()
    if connection_id:
        connection = store.get(connection_id)
        if connection is None:
            raise InputError("--connection", f"no connection {connection_id!r}; see `auth status`")
        return connection
    token = os.environ.get(TOKEN_ENV, "").strip()
    connection = None if token else store.default()
    if connection is not None:
        return connection
    if not token:
        raise InputError("", f"no Intercom account is connected: run `auth login` or set {TOKEN_ENV}")
    # Webhooks are routed by workspace, which only /me tells; the token is not stored.
    profile = await auth.fetch_profile(token, region=region)
    return auth.connection_from({"access_token": token}, profile, "token")


class OneAccountless:
    """For commands that only read the registry and never call a trigger."""

    def get(self, _connection_id: str) -> None:
        return None


# -- watch -----------------------------------------------------------------------------------


@click.command("watch")
@click.argument("name")
@click.option("--properties", "properties_json", help="The trigger's options as a JSON object.")
@click.option("--connection", "connection_id", help="Which connected account (default: see `auth status`).")
@click.option("--region", type=click.Choice(["us", "eu", "au"]), help="Region of an INTERCOM_ACCESS_TOKEN.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Where webhooks are received.")
@port_option(DEFAULT_PORT)
@click.option(
    "--interval", type=float, default=TICK_INTERVAL, show_default=True, help="Seconds between checks."
)
@click.option("--checks", type=int, help="Stop after this many checks (polling triggers).")
@config_option
@pretty_option
def watch(
    name: str,
    properties_json: str | None,
    connection_id: str | None,
    region: str | None,
    host: str,
    port: int,
    interval: float,
    checks: int | None,
    config_file: Path | None,
) -> None:
    """Start one trigger and print each message as a JSON line until interrupted, then stop it."""
    properties = parse_json_option(properties_json, "--properties")
    try:
        Bundle.load().find(name)
    except LookupError as exc:
        fail(str(exc), 2)
    config = service_config(config_file)
    # Bound before the trigger starts: a port in use is one line, and leaves nothing registered.
    sock = listen_socket(host, port)
    try:
        asyncio.run(_watch(name, properties, connection_id, region, config, (host, port), interval, checks,
                           sock))
    except KeyboardInterrupt:
        pass
    except (CancelError, InputError) as exc:
        fail(str(exc), 2)
    except IntercomError as exc:  # Intercom refused or could not be reached
        fail(str(exc), 1)


async def _watch(
    name: str,
    properties: dict[str, Any],
    connection_id: str | None,
    region: str | None,
    config: dict[str, Any],
    listen: tuple[str, int],
    interval: float,
    checks: int | None,
    sock: socket.socket | None = None,
) -> None:
    # SIGTERM (a service manager, `kill`) stops the watch like Ctrl-C does: the trigger is
    # removed, instead of staying registered and doubling every event of the next watch.
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not on Windows / a thread
        loop.add_signal_handler(signal.SIGTERM, stopping.set)
    account = await choose_account(connection_id, region)
    runtime = TriggerRuntime.open(accounts=OneAccount(account), config=config, on_emit=echo_emitted)
    instance = await runtime.start(name, properties, account=account)
    try:
        await watch_instance(runtime, instance, listen=listen, interval=interval, checks=checks, sock=sock,
                             stop=stopping)
    finally:
        await runtime.stop(instance.id)
        await runtime.aclose()
        click.echo(f"stopped {instance.id}", err=True)


async def watch_instance(
    runtime: TriggerRuntime,
    instance: TriggerInstance,
    *,
    listen: tuple[str, int] | None,
    interval: float,
    checks: int | None,
    sock: socket.socket | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Receive webhooks and/or tick until interrupted, ``stop`` is set or ``checks`` ticks are done."""
    jobs: list[asyncio.Task[None]] = []
    if listen is not None and await runtime.registry.listeners(instance.id):
        host, port = listen
        app = Starlette(routes=runtime.routes())
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off")
        server = _QuietServer(config)
        sockets = [sock] if sock is not None else None
        click.echo(
            f"receiving webhooks on http://{host}:{port}{WEBHOOK_PATH}; "
            "`intercom-connector webhooks setup` says what to configure in Intercom",
            err=True,
        )
        jobs.append(asyncio.create_task(server.serve(sockets=sockets)))
    elif sock is not None:
        sock.close()  # bound only to fail early; this trigger receives no webhooks
    if runtime.component_of(instance).manifest.get("tick"):
        jobs.append(asyncio.create_task(_tick(runtime, interval, checks)))
    click.echo(f"watching {instance.component} as {instance.id}; Ctrl-C stops it", err=True)
    if not jobs:
        return
    stopped = asyncio.create_task((stop or asyncio.Event()).wait())
    try:
        await asyncio.wait([*jobs, stopped], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for job in [*jobs, stopped]:
            job.cancel()
        await asyncio.gather(*jobs, stopped, return_exceptions=True)


class _QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling: `watch` stops on SIGINT/SIGTERM itself, so the
    trigger is removed first (uvicorn would re-raise SIGTERM and end the process before that)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def _tick(runtime: TriggerRuntime, interval: float, checks: int | None) -> None:
    done = 0
    while checks is None or done < checks:
        await runtime.tick_all()
        done += 1
        if checks is None or done < checks:
            await asyncio.sleep(interval)


# -- triggers (for serve) -----------------------------------------------------------------------


@click.group("triggers")
def triggers_group() -> None:
    """Start, stop and list the triggers `serve` runs."""


@triggers_group.command("start")
@click.argument("name")
@click.option("--properties", "properties_json", help="The trigger's options as a JSON object.")
@click.option("--connection", "connection_id", help="Which connected account (default: see `auth status`).")
@config_option
def start_trigger(
    name: str, properties_json: str | None, connection_id: str | None, config_file: Path | None
) -> None:
    """Start a trigger for `serve`, as a stored connection; prints its id."""
    properties = parse_json_option(properties_json, "--properties")
    store = ConnectionStore()
    account = store.get(connection_id) if connection_id else store.default()
    if account is None:
        fail("no such connected account; connect one with `auth login` (see `auth status`)", 2)
    runtime = TriggerRuntime.open(accounts=store, config=service_config(config_file))
    try:
        instance = asyncio.run(runtime.start(name, properties, account=account))
    except LookupError as exc:
        fail(str(exc), 2)
    except (CancelError, InputError) as exc:
        fail(str(exc), 2)
    click.echo(instance.id)


@triggers_group.command("stop")
@click.argument("instance_id")
@config_option
def stop_trigger(instance_id: str, config_file: Path | None) -> None:
    """Stop a trigger started with `triggers start` (or left behind by an interrupted watch)."""
    runtime = TriggerRuntime.open(config=service_config(config_file))
    try:
        asyncio.run(runtime.stop(instance_id))
    except LookupError as exc:
        fail(str(exc), 2)
    click.echo(f"stopped {instance_id}")


@triggers_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_triggers(as_json: bool) -> None:
    """Running triggers: id, component, workspace and the topics each listens to."""
    rows = asyncio.run(_trigger_rows(TriggerRuntime.open(accounts=OneAccountless())))
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No trigger is running. Start one with `triggers start NAME` or `watch NAME`.")
    for row in rows:
        topics = ", ".join(row["topics"]) or "polling"
        click.echo(f"{row['id']}  {row['component']}  workspace={row['workspace_id']}  {topics}")
        if row["dead_letters"]:
            last = row["dead_letters"][-1]
            click.echo(f"    {len(row['dead_letters'])} dead letter(s), last: {last['topic']} "
                       f"{last['notification']}: {last['error']}; `triggers retry {row['id']}` sends again")


async def _trigger_rows(runtime: TriggerRuntime) -> list[dict[str, Any]]:
    rows = []
    dead = await runtime.dead_letters()
    for i in await runtime.instances():
        listeners = await runtime.registry.listeners(i.id)
        rows.append({
            "id": i.id,
            "component": i.component,
            "workspace_id": i.workspace_id,
            "connection_id": i.connection_id,
            "properties": i.properties,
            "topics": [listener.event for listener in listeners],
            "started_at": i.started_at,
            "dead_letters": [_dead_row(d) for d in dead if d.instance_id == i.id],
        })
    return rows


def _dead_row(delivery: Delivery) -> dict[str, Any]:
    return {"instance_id": delivery.instance_id, "topic": delivery.topic, "notification": delivery.note_key,
            "attempts": delivery.attempts, "error": delivery.error, "failed_at": delivery.updated_at}


@triggers_group.command("retry")
@click.argument("instance_ids", nargs=-1)
@config_option
def retry_triggers(instance_ids: tuple[str, ...], config_file: Path | None) -> None:
    """Send dead letters again (all, or those of the trigger ids given), printing what they emit.

    A dead letter is a notification a trigger's receive kept failing on (see `webhooks status`).
    Each is delivered once more, with a fresh set of retries; `serve` picks up any left waiting.
    """
    runtime = TriggerRuntime.open(config=service_config(config_file), on_emit=echo_emitted)

    async def retry() -> int:
        try:
            return await runtime.retry(list(instance_ids))
        finally:
            await runtime.aclose()

    count = asyncio.run(retry())
    remaining = len(asyncio.run(runtime.dead_letters()))
    click.echo(f"retried {count} dead letter(s); {remaining} still dead", err=True)


# -- webhooks ---------------------------------------------------------------------------------


@click.group("webhooks")
def webhooks_group() -> None:
    """Set up Intercom's webhooks and see what has arrived."""


@webhooks_group.command("setup")
@click.argument("names", nargs=-1)
@click.option("--public-url", help="The HTTPS URL Intercom reaches this host at (as given to `serve`).")
@config_option
def setup(names: tuple[str, ...], public_url: str | None, config_file: Path | None) -> None:
    """Print the endpoint URL and the exact topics to tick in Intercom's Developer Hub.

    Without NAMES: for the triggers running now (`triggers list`). With NAMES (e.g.
    NewConversation ConversationClosed): every topic those triggers may use.
    """
    runtime = TriggerRuntime.open(accounts=OneAccountless())
    if names:
        try:
            wanted = topics_of_components(runtime.bundle, names)
        except LookupError as exc:
            fail(str(exc), 2)
        source = "the triggers named"
    else:
        wanted = topics_of_running(runtime)
        source = "the triggers running now"
    for line in setup_text(wanted, source, public_url, service_config(config_file)):
        click.echo(line)


def topics_of_components(bundle: Bundle, names: Iterable[str]) -> dict[str, list[str]]:
    """Topic → labels of the named triggers that may listen to it."""
    wanted: dict[str, list[str]] = {}
    for name in names:
        component = bundle.find(name)
        trigger = getattr(getattr(component.handler, "start", None), "__self__", None)
        if not isinstance(trigger, EventTrigger):
            raise LookupError(f"{component.short_name} receives no webhooks")
        for topic in trigger.topics.all():
            wanted.setdefault(topic, []).append(component.short_name)
    return wanted


def topics_of_running(runtime: TriggerRuntime) -> dict[str, list[str]]:
    return asyncio.run(_topics_of_running(runtime))


async def _topics_of_running(runtime: TriggerRuntime) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {}
    for listener in await runtime.registry.listeners():
        instance = await runtime.registry.instance(listener.instance_id)
        label = instance.component.rsplit(".", 1)[-1] if instance else listener.instance_id
        wanted.setdefault(listener.event, []).append(f"{label} ({listener.instance_id})")
    return wanted


def setup_text(
    wanted: dict[str, list[str]], source: str, public_url: str | None, config: dict[str, Any]
) -> list[str]:
    url = f"{public_url.rstrip('/')}{WEBHOOK_PATH}" if public_url else f"https://<public host>{WEBHOOK_PATH}"
    lines = [
        "Intercom webhooks are set up by hand, once per app: Developer Hub → your app → Configure.",
        "",
        f"1. Webhooks → Endpoint URL: {url}",
        "   Intercom checks it with a HEAD request when you save: it must be HTTPS and reachable.",
    ]
    if public_url and not public_url.startswith("https://"):
        lines.append("   Warning: Intercom only accepts https:// endpoints; put this host behind HTTPS.")
    if not public_url:
        lines.append("   Give --public-url (the address `serve --public-url` uses) to print the exact URL.")
    try:
        require(config, "clientSecret")
        lines.append("2. Signatures: checked with the app's client secret (configured).")
    except InputError as exc:
        lines.append(f"2. Signatures: NOT POSSIBLE YET, clientSecret {exc.problem}")
    if not wanted:
        lines += [
            f"3. Topics: none needed by {source}.",
            "   Name the triggers you will use, e.g. `webhooks setup NewConversation ConversationClosed`.",
        ]
        return lines
    width = max(len(t) for t in wanted)
    lines.append(f"3. Webhooks → topics to tick, for {source}:")
    for topic in sorted(wanted, key=lambda t: (describe(t).family, t)):
        lines.append(f"   [ ] {topic:<{width}}  {', '.join(wanted[topic])}")
    permissions = sorted({describe(t).permission for t in wanted})
    lines += [
        "4. Authentication → permissions the app needs for those topics (a topic cannot be ticked "
        "without its permission):",
        *[f"   - {p}" for p in permissions],
        "5. The app's API version must be 2.10: topics differ between versions.",
        "Then press the test button (a ping) and run `intercom-connector webhooks status`.",
    ]
    return lines


@webhooks_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status(as_json: bool) -> None:
    """Per topic: the last delivery, and how many were accepted, duplicate, rejected, unrouted, failed.

    Then the dead letters: notifications a trigger kept failing on, with the error (`triggers
    retry` sends them again).
    """
    store = Store()
    inbox = WebhookInbox(store)
    stats = inbox.stats()
    counts = asyncio.run(store.deliveries.counts())
    dead = [_dead_row(d) for d in asyncio.run(store.deliveries.dead())]
    pending = counts["pending"]
    if as_json:
        rows = [{"topic": s.topic, "last_delivery": s.last_at, **s.counts} for s in stats]
        click.echo(json.dumps({"topics": rows, "pending": pending, "dead_letters": dead}, indent=2))
        return
    if not stats:
        click.echo("No webhook delivery has reached this host yet. See `intercom-connector webhooks setup`.")
        return
    width = max(len("TOPIC"), *(len(s.topic) for s in stats))
    click.echo(f"{'TOPIC':<{width}}  {'LAST DELIVERY (UTC)':<20}  " + "  ".join(o.upper() for o in OUTCOMES))
    for s in stats:
        last = datetime.fromtimestamp(s.last_at, UTC).strftime("%Y-%m-%d %H:%M:%S") if s.last_at else "-"
        counts = "  ".join(f"{s.counts[o]:>{len(o)}}" for o in OUTCOMES)
        click.echo(f"{s.topic:<{width}}  {last:<20}  {counts}")
    click.echo(f"waiting to be dispatched: {pending}")
    if dead:
        click.echo(f"dead letters: {len(dead)} (`triggers retry [ID...]` sends them again)")
        for d in dead:
            failed = datetime.fromtimestamp(d["failed_at"], UTC).strftime("%Y-%m-%d %H:%M:%S")
            click.echo(f"  {d['instance_id']}  {d['topic']}  {d['notification']}  {failed}  "
                       f"after {d['attempts']} attempts: {d['error']}")
