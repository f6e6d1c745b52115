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

from .. import auth
from ..client import APIConnectionError, APIError, InputError
from ..server import ServerRuntime, create_app
from ..server.threaded import ThreadedServer
from ..storage import Connection, ConnectionStore
from ._common import TOKEN_ENV, config_option, fail, host_state, service_config
from ._listen import port_option


@click.group("auth")
def auth_group() -> None:
    """Connect, inspect and disconnect Intercom accounts."""


LOGIN_PORT = 8000  # the same as `serve`, so one registered redirect URL serves both on a desktop


@auth_group.command("login")
@config_option
@port_option(LOGIN_PORT, "Loopback port the callback is received on (fixed, so the redirect URL stays "
                         "the same).")
@click.option("--public-url",
              help="The https URL in front of this machine that Intercom redirects to (a tunnel to "
                   "127.0.0.1:PORT); default http://127.0.0.1:PORT.")
@click.option("--print-redirect-url", is_flag=True,
              help="Print the redirect URL to register in Intercom's Developer Hub, and exit.")
@click.option("--no-browser", is_flag=True, help="Only print the authorize URL.")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds to wait for consent.")
def login(config_file: Path | None, port: int, public_url: str | None, print_redirect_url: bool,
          no_browser: bool, timeout: float) -> None:
    """Connect an account by OAuth: open Intercom's consent page and wait for its callback.

    Intercom sends the browser back to a redirect URL registered in the Developer Hub
    (Authentication): the public URL + /auth/intercom/callback. `--print-redirect-url` prints
    it. Intercom accepts only https redirect URLs, so on a desktop run a tunnel to
    127.0.0.1:PORT and pass its address as --public-url; a refused code is reported at once.
    """
    public = (public_url or f"http://127.0.0.1:{port}").rstrip("/")
    redirect_url = auth.callback_url(public)
    if print_redirect_url:
        click.echo(redirect_url)
        _note_https(redirect_url)
        return
    config = service_config(config_file, "clientId", "clientSecret")
    done = threading.Event()
    connected: list[Connection] = []
    failures: list[str] = []

    def on_connected(connection: Connection) -> None:
        connected.append(connection)
        done.set()

    def on_failed(reason: str) -> None:
        failures.append(reason)
        done.set()

    runtime = ServerRuntime(config=config, connections=ConnectionStore(), state=host_state(),
                            public_url=public, on_connected=on_connected, on_failed=on_failed)
    try:
        server = ThreadedServer(create_app(runtime), port=port).start()
    except OSError as exc:
        fail(f"cannot receive the callback on 127.0.0.1:{port} ({exc.strerror or exc}); is `serve` "
             "running there? It handles logins itself at /auth/intercom/start. Otherwise pick a "
             "free --port and register its redirect URL", 1)
    try:
        # Printed to this terminal only, so no browser cookie binds it (see server/binding.py).
        url = auth.authorize_url(config, runtime.callback_url, runtime.states.issue({"via": "auth login"}))
        click.echo(f"Redirect URL (register it in the Developer Hub): {redirect_url}", err=True)
        _note_https(redirect_url)
        click.echo("Open this page to connect your Intercom workspace:")
        click.echo(url)
        if not no_browser:
            webbrowser.open(url)
        if not done.wait(timeout):
            fail(f"no callback from Intercom within {timeout:.0f} s: check that {redirect_url} is "
                 "registered in the Developer Hub and reaches this machine, then run `auth login` again", 1)
    finally:
        server.stop()
    if failures:
        fail(f"{failures[0]}; nothing was stored", 1)
    connection = connected[0]
    _note_default(connection)
    click.echo(f"Connected: {connection.account_name} (region {connection.region}, "
               f"workspace {connection.workspace_id})")


def _note_https(redirect_url: str) -> None:
    if not redirect_url.startswith("https://"):
        click.echo("note: Intercom accepts only https redirect URLs; for a real app, put a tunnel in front "
                   "of this port and pass its URL as --public-url", err=True)


@auth_group.command("token")
@click.option("--token-stdin", is_flag=True, help="Read the token from standard input.")
def add_token(token_stdin: bool) -> None:
    """Connect with a private app's access token (from INTERCOM_ACCESS_TOKEN, stdin or a prompt)."""
    if token_stdin:
        token = sys.stdin.read().strip()
    else:
        token = os.environ.get(TOKEN_ENV) or click.prompt("Access token", hide_input=True)
    try:
        connection = asyncio.run(auth.connect_with_token(token, ConnectionStore()))
    except InputError as exc:
        fail(str(exc), 2)
    except APIError as exc:
        fail(f"Intercom did not accept the token: {exc}", 1)
    except APIConnectionError as exc:
        fail(f"the token could not be checked: {exc}", 1)
    _note_default(connection)
    click.echo(f"Connected: {connection.account_name} (region {connection.region}, kind token)")


def _note_default(connection: Connection) -> None:
    """Say so when the new account is not the one commands use by default (it never silently is)."""
    default = ConnectionStore().default()
    if default is not None and default.id != connection.id:
        click.echo(f"note: the default account is still {default.account_name} ({default.id}); "
                   f"`intercom-connector auth use {connection.id}` makes this one the default", err=True)


@auth_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status(as_json: bool) -> None:
    """Show connected accounts: account, region, kind. Never the token."""
    store = ConnectionStore()
    default = store.default()
    default_id = default.id if default is not None else None
    views = [{**c.public_view(), "default": c.id == default_id} for c in store.all()]
    if as_json:
        click.echo(json.dumps(views, indent=2))
        return
    if not views:
        click.echo("No Intercom account is connected. Run `intercom-connector auth login`.")
        return
    for v in views:
        flag = "  NEEDS RECONNECTING" if v["needs_reauth"] else ""
        flag += "  (default)" if v["id"] == default_id else ""
        click.echo(f"{v['account']}  region={v['region']}  kind={v['kind']}  "
                   f"workspace={v['workspace_id']}  id={v['id']}{flag}")


@auth_group.command("use")
@click.argument("connection_id")
def use(connection_id: str) -> None:
    """Make a connected account the default for `run`, `watch` and `triggers start`.

    Without this the first account connected stays the default: connecting another (with
    `auth login`, or through `serve`) never changes which account commands use.
    """
    chosen = ConnectionStore().make_default(connection_id)
    if chosen is None:
        fail(f"no connection {connection_id!r}; see `intercom-connector auth status`", 2)
    click.echo(f"Default account: {chosen.account_name} ({chosen.id})")


@auth_group.command("logout")
@click.option("--id", "connection_id", help="Which connection (default: the default account).")
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
