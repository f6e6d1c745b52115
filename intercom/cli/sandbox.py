"""`intercom-connector sandbox` and `demo`: a local Intercom, and the connector shown at work on it."""

from __future__ import annotations

import asyncio
import logging

import click

from ._common import fail
from ._listen import listen_socket, port_option

# The simulator lives in its own package (intercom_sandbox), imported only when these commands
# run: the connector's runtime never loads it.


SANDBOX_TOKEN = "sandbox-token"  # any non-empty token works unless --access-token is given
WATCH_WEBHOOKS = "http://127.0.0.1:8787/webhooks/intercom"  # where `watch` receives by default
SERVE_WEBHOOKS = "http://127.0.0.1:8000/webhooks/intercom"  # where `serve` receives by default


@click.command("sandbox")
@click.option("--host", default="127.0.0.1", show_default=True)
@port_option(8765)
@click.option("--seed", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many contacts, companies and conversations to create.")
@click.option("--rate-limit", type=click.IntRange(min=1), help="Requests allowed per 10-second window.")
@click.option("--webhook-url",
              help=f"Where to POST signed notifications: {WATCH_WEBHOOKS} for `watch`, "
                   f"{SERVE_WEBHOOKS} for `serve` (default: none are sent).")
@click.option("--access-token", help="Accept only this bearer token (default: any non-empty token).")
@click.option("--fault-rate", type=click.FloatRange(0, 1), default=0.0, help="Share answered 5xx.")
@click.option("--latency-ms", type=click.IntRange(min=0), default=0, help="Delay added to every answer.")
@click.option("--default-version", default="2.10", show_default=True,
              help="The app's API version, used when a request sends no Intercom-Version.")
def sandbox(host: str, port: int, seed: int, rate_limit: int | None, webhook_url: str | None,
            access_token: str | None, fault_rate: float, latency_ms: int, default_version: str) -> None:
    """Serve a stateful Intercom API 2.10 simulator on loopback until interrupted.

    \b
    It accepts any non-empty access token (or only --access-token). Its OAuth app is
    client id sandbox-client-id, client secret sandbox-client-secret; that secret also signs
    its webhooks. Intercom-Version may be any 2.x or Unstable (answers are 2.10-shaped, and
    X-Sandbox-Api-Version says so); without the header --default-version applies, as Intercom
    applies the app's version. It prints the `export` lines that point `run`, `watch`, `serve`
    and `auth login` at it, for another shell:
      export INTERCOM_BASE_URL=http://127.0.0.1:8765
      export INTERCOM_APP_URL=http://127.0.0.1:8765
      export INTERCOM_ACCESS_TOKEN=sandbox-token
      export ACME_INTERCOM_CLIENT_ID=sandbox-client-id
      export ACME_INTERCOM_CLIENT_SECRET=sandbox-client-secret
    `watch` and `serve` see webhooks only when the sandbox sends them: start it with
    --webhook-url (see above), or set the URL while it runs with
    PUT /_sandbox/webhook {"url": "..."}.
    """
    from intercom_sandbox import SandboxConfig, run_sandbox

    logging.getLogger("intercom_sandbox").setLevel(logging.INFO)
    try:
        config = SandboxConfig(seed=seed, rate_limit=rate_limit, webhook_url=webhook_url,
                               fault_rate=fault_rate, latency_ms=latency_ms, access_token=access_token,
                               default_version=default_version)
    except ValueError as exc:  # e.g. --default-version 3.0: one line naming the accepted values
        fail(f"--default-version: {exc}", 2)
    # A port in use or a bad address: one line and exit 2, before the recipe says where it runs.
    listen_socket(host, port).close()
    for line in recipe(f"http://{host}:{port}", config, seed):
        click.echo(line)
    run_sandbox(host, port, config)


def recipe(base_url: str, config: object, seed: int) -> list[str]:
    """What a user copies to point the connector at a sandbox on ``base_url``."""
    token = getattr(config, "access_token", None)
    client_id, secret = getattr(config, "client_id", ""), getattr(config, "client_secret", "")
    webhook_url = getattr(config, "webhook_url", None)
    accepts = "only the token below" if token else "any non-empty access token"
    lines = [
        f"Intercom sandbox on {base_url} with {seed} contacts, companies and conversations; Ctrl-C stops it.",
        f"It accepts {accepts}; its OAuth client secret ({secret}) also signs its webhooks.",
        "Point the connector at it (copy into another shell):",
        f"export INTERCOM_BASE_URL={base_url}",
        f"export INTERCOM_APP_URL={base_url}",
        f"export INTERCOM_ACCESS_TOKEN={token or SANDBOX_TOKEN}",
        f"export ACME_INTERCOM_CLIENT_ID={client_id}",
        f"export ACME_INTERCOM_CLIENT_SECRET={secret}",
        "Then: intercom-connector run ListContacts --input '{\"limit\": 3}' --pretty",
    ]
    if webhook_url:
        lines.append(f"Webhooks go to {webhook_url}.")
    else:
        lines.append(f"Webhooks: none are sent. For `watch`, restart with --webhook-url {WATCH_WEBHOOKS}; "
                     f"for `serve`, --webhook-url {SERVE_WEBHOOKS}.")
    return lines


@click.command("demo")
def demo() -> None:
    """Show the connector at work, offline: sandbox, OAuth, a trigger, actions, a webhook."""
    from intercom_sandbox.demo import run_demo

    for name in ("intercom", "intercom_sandbox"):  # the transcript says what happens
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        asyncio.run(run_demo(click.echo))
    except Exception as exc:  # the demo's one line of failure, never a traceback
        fail(f"the demo failed: {type(exc).__name__}: {exc}", 1)
