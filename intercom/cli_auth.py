"""`intercom-connector auth ...`: connecting, inspecting and disconnecting Intercom accounts."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import webbrowser
from pathlib import Path

import click

from . import auth
from .client import APIConnectionError, APIError, InputError
from .config import load_service_config, require
from .connections import Connection, ConnectionStore
from .host.state import StateStore, default_home
from .server import ServerRuntime, create_app
from .server.threaded import ThreadedServer, free_port

config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file with the acme:intercom service configuration (default: $INTERCOM_CONNECTOR_CONFIG).",
)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def host_state() -> StateStore:
    return StateStore(default_home() / "host.db")


def service_config(config_file: Path | None, *keys: str) -> dict:
    try:
        config = load_service_config(config_file)
        for key in keys:
            require(config, key)
    except InputError as exc:
        fail(str(exc), 2)
    return config


@click.group("auth")
def auth_group() -> None:
    """Connect, inspect and disconnect Intercom accounts."""


@auth_group.command("login")
@config_option
@click.option("--port", type=int, default=0, help="Loopback port for the callback (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Only print the authorize URL.")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds to wait for consent.")
def login(config_file: Path | None, port: int, no_browser: bool, timeout: float) -> None:
    """Connect an account by OAuth: open Intercom's consent page and wait for its callback."""
    config = service_config(config_file, "clientId", "clientSecret")
    port = port or free_port()
    done = threading.Event()
    connected: list[Connection] = []

    def on_connected(connection: Connection) -> None:
        connected.append(connection)
        done.set()

    runtime = ServerRuntime(config=config, connections=ConnectionStore(), state=host_state(),
                            public_url=f"http://127.0.0.1:{port}", on_connected=on_connected)
    with ThreadedServer(create_app(runtime), port=port):
        url = auth.authorize_url(config, runtime.callback_url, runtime.states.issue())
        click.echo("Open this page to connect your Intercom workspace:")
        click.echo(url)
        if not no_browser:
            webbrowser.open(url)
        if not done.wait(timeout):
            fail(f"no answer from Intercom within {timeout:.0f} s; run `auth login` again", 1)
    connection = connected[0]
    click.echo(f"Connected: {connection.account_name} (region {connection.region}, "
               f"workspace {connection.workspace_id})")


@auth_group.command("token")
@click.option("--token-stdin", is_flag=True, help="Read the token from standard input.")
def add_token(token_stdin: bool) -> None:
    """Connect with a private app's access token (from INTERCOM_ACCESS_TOKEN, stdin or a prompt)."""
    if token_stdin:
        token = sys.stdin.read().strip()
    else:
        token = os.environ.get("INTERCOM_ACCESS_TOKEN") or click.prompt("Access token", hide_input=True)
    try:
        connection = asyncio.run(auth.connect_with_token(token, ConnectionStore()))
    except InputError as exc:
        fail(str(exc), 2)
    except (APIError, APIConnectionError) as exc:
        fail(f"the token was not accepted: {exc}", 1)
    click.echo(f"Connected: {connection.account_name} (region {connection.region}, kind token)")


@auth_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status(as_json: bool) -> None:
    """Show connected accounts: account, region, kind. Never the token."""
    views = [c.public_view() for c in ConnectionStore().all()]
    if as_json:
        click.echo(json.dumps(views, indent=2))
        return
    if not views:
        click.echo("No Intercom account is connected. Run `intercom-connector auth login`.")
        return
    for v in views:
        flag = "  NEEDS RECONNECTING" if v["needs_reauth"] else ""
        click.echo(f"{v['account']}  region={v['region']}  kind={v['kind']}  "
                   f"workspace={v['workspace_id']}  id={v['id']}{flag}")


@auth_group.command("logout")
@click.option("--id", "connection_id", help="Which connection (default: the most recent).")
def logout(connection_id: str | None) -> None:
    """Revoke the token at Intercom (OAuth connections) and delete it from the store."""
    store = ConnectionStore()
    connection = store.get(connection_id) if connection_id else store.default()
    if connection is None:
        fail("no such connection; see `intercom-connector auth status`", 2)
    if connection.kind == "oauth":
        try:
            asyncio.run(auth.revoke(connection))
        except APIError as exc:
            if exc.status != 401:  # already revoked: nothing left to undo at Intercom
                fail(f"Intercom did not revoke the token, so it was kept: {exc}", 1)
        except APIConnectionError as exc:
            fail(f"Intercom could not be reached, so the token was kept: {exc}", 1)
    store.delete(connection.id)
    note = "" if connection.kind == "oauth" else " (a private app's token stays valid at Intercom)"
    click.echo(f"Disconnected: {connection.account_name}{note}")
