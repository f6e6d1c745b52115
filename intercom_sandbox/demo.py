"""`intercom-connector demo`: the connector's main job, offline, against the embedded sandbox.

One run, in a throwaway home directory: start the sandbox Intercom and the host, connect by
OAuth, start the NewConversation trigger, create a contact and a conversation, receive the
signed webhook, reply, list contacts; print what each component sent and emitted; stop all.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from intercom.host import Bundle, Emitted, Host
from intercom.host.triggers import TriggerRuntime
from intercom.server import ServerRuntime, create_app
from intercom.server.threaded import LoopServer
from intercom.storage import Connection, ConnectionStore, StateStore, TriggerInstance

from .config import SandboxConfig
from .server import SandboxServer

Echo = Callable[[str], None]
WEBHOOK_WAIT = 15.0


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Point the connector at the sandbox for the demo only, then put everything back."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


class RequestLog(logging.Handler):
    """Collects the request lines httpx logs, so the transcript shows what each step sent."""

    def __init__(self, base_url: str) -> None:
        super().__init__(logging.INFO)
        self.base_url = base_url
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if len(args) >= 4 and str(args[1]).startswith(self.base_url):
            url = str(args[1])[len(self.base_url):]
            self.lines.append(f"{args[0]} {url} -> {args[3]}")

    @contextmanager
    def capture(self) -> Iterator[list[str]]:
        logger = logging.getLogger("httpx")
        start, level, propagate = len(self.lines), logger.level, logger.propagate
        logger.addHandler(self)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # the transcript shows these lines; stderr should not repeat them
        found: list[str] = []
        try:
            yield found
        finally:
            logger.removeHandler(self)
            logger.setLevel(level)
            logger.propagate = propagate
            found.extend(self.lines[start:])


def brief(data: Any, keys: tuple[str, ...]) -> str:
    if isinstance(data, dict):
        data = {k: data[k] for k in keys if k in data}
    text = json.dumps(data)
    return text if len(text) <= 110 else text[:107] + "..."


class Transcript:
    def __init__(self, echo: Echo) -> None:
        self.echo = echo
        self.number = 0

    def step(self, title: str) -> None:
        self.number += 1
        self.echo(f"[{self.number}] {title}")

    def sent(self, lines: list[str]) -> None:
        for line in lines:
            self.echo(f"      sent     {line}")

    def emitted(self, messages: list[Emitted], keys: tuple[str, ...]) -> None:
        for message in messages:
            self.echo(f"      emitted  {message.port}: {brief(message.data, keys)}")

    def note(self, text: str) -> None:
        self.echo(f"      {text}")


async def run_demo(echo: Echo = print) -> None:
    began = time.perf_counter()
    out = Transcript(echo)
    echo("Intercom connector demo: offline, against the embedded Intercom sandbox (API 2.10)")
    sandbox_config = SandboxConfig(seed=12, webhook_retry_delay=0.2)
    service = {"clientId": sandbox_config.client_id, "clientSecret": sandbox_config.client_secret}
    with (tempfile.TemporaryDirectory(prefix="intercom-demo-") as tmp,
          SandboxServer(sandbox_config) as sandbox):
        home = Path(tmp)
        requests = RequestLog(sandbox.base_url)
        with environment(INTERCOM_CONNECTOR_HOME=tmp, INTERCOM_BASE_URL=sandbox.base_url,
                         INTERCOM_APP_URL=sandbox.base_url):
            echo(f"    sandbox Intercom on {sandbox.base_url} (seeded with 12 contacts and conversations)")
            store = ConnectionStore(home / "connections.db")
            inbox: asyncio.Queue[tuple[TriggerInstance, Emitted]] = asyncio.Queue()

            async def on_emit(instance: TriggerInstance, message: Emitted) -> None:
                await inbox.put((instance, message))

            triggers = TriggerRuntime.open(home, accounts=store, config=service, on_emit=on_emit)
            runtime = ServerRuntime(config=service, connections=store, state=StateStore(home / "host.db"),
                                    public_url="", extra_routes=triggers.routes())
            app = create_app(runtime, lifespan=lambda _app: triggers.serving(tick_interval=3600))
            async with LoopServer(app) as server:
                runtime.public_url = server.url
                echo(f"    connector host on {server.url}")
                connection = await connect(out, server.url, store)
                sandbox.set_webhook_url(server.url + "/webhooks/intercom")
                instance = await start_trigger(out, triggers, connection)
                host = Host(Bundle.load(), connection=connection.as_auth(), config=service,
                            state=StateStore(home / "actions.db"))
                contact = await run_step(
                    out, requests, host, "CreateContact",
                    {"email": "grace@example.test", "name": "Grace Hopper", "role": "user"},
                    ("type", "id", "email", "name", "role"))
                message = await run_step(
                    out, requests, host, "CreateConversation",
                    {"contactId": contact["id"], "body": "Hi! My invoice shows the wrong VAT number."},
                    ("type", "id", "conversation_id", "message_type"))
                event = await receive_webhook(out, inbox)
                await run_step(
                    out, requests, host, "ReplyToConversation",
                    {"conversationId": event["id"], "body": "Thanks Grace, a new invoice is on its way."},
                    ("type", "id", "state", "open"))
                if event["id"] != message["conversation_id"]:
                    raise RuntimeError("the webhook named another conversation than the one created")
                await run_step(out, requests, host, "ListContacts", {"outputType": "array"}, ("count",))
                out.step("Stop the NewConversation trigger")
                await triggers.stop(instance.id)
    elapsed = time.perf_counter() - began
    echo(f"Done in {elapsed:.1f} s: every step ran against the sandbox; nothing is left running.")


async def connect(out: Transcript, host_url: str, store: ConnectionStore) -> Connection:
    out.step("Connect an account by OAuth")
    async with httpx.AsyncClient(follow_redirects=True, timeout=10) as browser:
        page = await browser.get(host_url + "/auth/intercom/start")
    hops = " -> ".join(str(r.url.path) for r in [*page.history, page])
    out.note(f"browser  {hops}  ({page.status_code})")
    connection = store.default()
    if page.status_code != 200 or connection is None:
        raise RuntimeError(f"the OAuth login did not complete ({page.status_code})")
    out.note(f"connected: {connection.account_name}, region {connection.region}, "
             f"workspace {connection.workspace_id}")
    return connection


async def start_trigger(out: Transcript, triggers: TriggerRuntime, connection: Connection) -> TriggerInstance:
    out.step("Start trigger NewConversation (webhook topic conversation.user.created)")
    instance = await triggers.start("NewConversation", {}, account=connection)
    out.note(f"listening for workspace {connection.workspace_id} as trigger {instance.id}")
    return instance


async def run_step(out: Transcript, requests: RequestLog, host: Host, name: str, content: dict[str, Any],
                   keys: tuple[str, ...]) -> dict[str, Any]:
    out.step(f"Run {name}  input {brief(content, tuple(content))}")
    with requests.capture() as sent:
        emitted = await host.run(name, content)
    out.sent(sent)
    out.emitted(emitted, keys)
    return emitted[0].data if emitted else {}


Inbox = asyncio.Queue[tuple[TriggerInstance, Emitted]]


async def receive_webhook(out: Transcript, inbox: Inbox) -> dict[str, Any]:
    out.step("Receive the signed webhook")
    try:
        _instance, message = await asyncio.wait_for(inbox.get(), WEBHOOK_WAIT)
    except TimeoutError:
        raise RuntimeError(f"no webhook reached the trigger within {WEBHOOK_WAIT:.0f} s") from None
    out.note("POST /webhooks/intercom (X-Hub-Signature verified) -> NewConversation")
    out.emitted([message], ("type", "id", "event_topic", "event_source", "state"))
    return message.data
