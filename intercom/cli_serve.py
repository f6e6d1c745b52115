"""`intercom-connector serve`: the host's endpoints and its running triggers, until interrupted."""

from __future__ import annotations

import logging
from pathlib import Path

import click
import uvicorn

from .auth import TokenManager
from .cli_auth import config_option, host_state, service_config
from .cli_triggers import echo_emitted
from .client import InputError
from .connections import ConnectionStore
from .host.triggers import TriggerRuntime
from .server import RedactQueryStrings, ServerRuntime, create_app


@click.command("serve")
@config_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--public-url", help="The URL Intercom reaches this host at (default: http://HOST:PORT).")
def serve(config_file: Path | None, host: str, port: int, public_url: str | None) -> None:
    """Serve OAuth (/auth/intercom/...), the webhook intake (/webhooks/intercom) and trigger ticks.

    Messages emitted by running triggers (see `triggers start`) are printed as JSON lines.
    """
    config = service_config(config_file)
    public = (public_url or f"http://{host}:{port}").rstrip("/")
    store = ConnectionStore()
    triggers = TriggerRuntime.open(config=config, accounts=store, public_url=public,
                                   refresh=TokenManager(store, config).active, on_emit=echo_emitted)
    try:
        webhook_routes = triggers.routes()
    except InputError as exc:
        webhook_routes = []
        click.echo(f"warning: webhook intake is off ({exc})", err=True)
    runtime = ServerRuntime(config=config, connections=store, state=host_state(), public_url=public,
                            extra_routes=webhook_routes)
    logging.getLogger("uvicorn.access").addFilter(RedactQueryStrings())
    click.echo(f"Serving on http://{host}:{port}; OAuth callback {runtime.callback_url}; "
               f"webhooks {public}/webhooks/intercom", err=True)
    app = create_app(runtime, lifespan=lambda _app: triggers.serving())
    # Our logging setup (stderr, -v for detail) instead of uvicorn's: stdout carries only messages.
    uvicorn.run(app, host=host, port=port, log_config=None)
