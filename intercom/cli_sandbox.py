"""`intercom-connector sandbox` and `demo`: a local Intercom, and the connector shown at work on it."""

from __future__ import annotations

import asyncio
import logging

import click

from .demo import run_demo
from .sandbox import SandboxConfig, run_sandbox


@click.command("sandbox")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many contacts, companies and conversations to create.")
@click.option("--rate-limit", type=click.IntRange(min=1), help="Requests allowed per 10-second window.")
@click.option("--webhook-url", help="Where to POST signed notifications.")
@click.option("--fault-rate", type=click.FloatRange(0, 1), default=0.0, help="Share answered 5xx.")
@click.option("--latency-ms", type=click.IntRange(min=0), default=0, help="Delay added to every answer.")
def sandbox(host: str, port: int, seed: int, rate_limit: int | None, webhook_url: str | None,
            fault_rate: float, latency_ms: int) -> None:
    """Serve a stateful Intercom API 2.10 simulator on loopback until interrupted."""
    logging.getLogger("intercom.sandbox").setLevel(logging.INFO)
    config = SandboxConfig(seed=seed, rate_limit=rate_limit, webhook_url=webhook_url,
                           fault_rate=fault_rate, latency_ms=latency_ms)
    click.echo(f"Intercom sandbox on http://{host}:{port} (client id {config.client_id}); Ctrl-C stops it")
    run_sandbox(host, port, config)


@click.command("demo")
def demo() -> None:
    """Show the connector at work, offline: sandbox, OAuth, a trigger, actions, a webhook."""
    logging.getLogger("intercom").setLevel(logging.ERROR)  # the transcript says what happens
    try:
        asyncio.run(run_demo(click.echo))
    except Exception as exc:  # the demo's one line of failure, never a traceback
        click.echo(f"error: the demo failed: {type(exc).__name__}: {exc}", err=True)
        raise SystemExit(1) from None
