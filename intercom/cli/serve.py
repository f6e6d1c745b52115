"""`intercom-connector serve`: the host's endpoints and its running triggers, until interrupted."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click
import uvicorn

from ..auth import TokenManager
from ..client import InputError
from ..host.triggers import TICK_INTERVAL, TriggerRuntime
from ..server import RedactQueryStrings, ServerRuntime, create_app
from ..server.operator import OPERATOR_PASSWORD_ENV, network_exposed
from ..storage import ConnectionStore
from ._common import config_option, echo_and_log_emitted, host_state, pretty_option, service_config
from ._listen import listen_socket, port_option


@click.command("serve")
@config_option
@click.option("--host", default="127.0.0.1", show_default=True)
@port_option(8000)
@click.option("--public-url", help="The URL Intercom reaches this host at (default: http://HOST:PORT).")
@click.option("--tick-interval", type=click.FloatRange(min=0.1), default=TICK_INTERVAL, show_default=True,
              help="Seconds between polling triggers' checks.")
@pretty_option
def serve(
    config_file: Path | None, host: str, port: int, public_url: str | None, tick_interval: float
) -> None:
    """Serve OAuth (/auth/intercom/...), the webhook intake (/webhooks/intercom) and trigger ticks.

    Messages emitted by running triggers (see `triggers start`) are printed as JSON lines on
    stdout, each with its stable `key` (a consumer that sees a key twice drops the repeat);
    stderr logs, per message, the trigger instance, port, topic and ids. Several instances may
    share one PostgreSQL store (INTERCOM_CONNECTOR_STORE=postgresql://...).
    """
    config = service_config(config_file)
    public = (public_url or f"http://{host}:{port}").rstrip("/")
    # Bound first: a port in use or a bad address is one line, before anything says "Serving on".
    sock = listen_socket(host, port)
    store = ConnectionStore()
    triggers = TriggerRuntime.open(config=config, accounts=store, public_url=public,
                                   refresh=TokenManager(store, config).active, on_emit=echo_and_log_emitted)
    try:
        webhook_routes = triggers.routes()
    except InputError as exc:
        webhook_routes = []
        click.echo(f"warning: webhook intake is off ({exc})", err=True)
    exposed = network_exposed(host, public)
    operator_password = os.environ.get(OPERATOR_PASSWORD_ENV) or None
    runtime = ServerRuntime(config=config, connections=store, state=host_state(), public_url=public,
                            extra_routes=webhook_routes, open_to_network=exposed,
                            operator_password=operator_password)
    if exposed and not operator_password:
        click.echo(f"note: {public} can be reached from the network, so /auth/intercom/start is off "
                   f"until {OPERATOR_PASSWORD_ENV} is set (`auth login` on this machine still works)",
                   err=True)
    logging.getLogger("uvicorn.access").addFilter(RedactQueryStrings())
    click.echo(f"Serving on http://{host}:{port}; OAuth callback {runtime.callback_url}; "
               f"webhooks {public}/webhooks/intercom", err=True)
    app = create_app(runtime, lifespan=lambda _app: triggers.serving(tick_interval))
    # Our logging setup (stderr, -v for detail) instead of uvicorn's: stdout carries only messages.
    uvicorn.Server(uvicorn.Config(app, log_config=None)).run(sockets=[sock])
