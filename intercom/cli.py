"""The `intercom-connector` command line (also `python -m intercom`)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from typing import Any, NoReturn

import click

from .auth import ReauthorizationRequired, TokenManager, reauth_message
from .client import AuthenticationError, InputError, IntercomError
from .config import load_service_config
from .connections import Connection, ConnectionStore
from .host import Bundle, CancelError, Emitted, Host, validate_package

TOKEN_ENV = "INTERCOM_ACCESS_TOKEN"


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def parse_json_option(value: str | None, option: str) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        fail(f"{option} is not valid JSON ({exc.msg} at column {exc.colno}); give an object like '{{}}'", 2)
    if not isinstance(parsed, dict):
        fail(f"{option} must be a JSON object such as '{{\"id\": \"...\"}}'", 2)
    return parsed


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what the host does to stderr.")
def main(verbose: bool) -> None:
    """Run and inspect the Intercom connector's components."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def components(as_json: bool) -> None:
    """List every component of the bundle."""
    entries = [c.describe() for c in Bundle.load().components]
    if as_json:
        click.echo(json.dumps(entries, indent=2))
        return
    width = max((len(e["name"]) for e in entries), default=0)
    for e in entries:
        kind = "trigger" if e["trigger"] else "action"
        click.echo(f"{e['name']:<{width}}  {kind:<7}  {e['label']}")


@main.command()
def validate() -> None:
    """Check the bundle and every manifest; exit 1 listing each problem."""
    problems = validate_package()
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        fail(f"{len(problems)} problem(s) found")
    count = len(Bundle.load().components)
    click.echo(f"ok: bundle and {count} component manifests are valid")


@main.command()
@click.argument("name")
@click.option("--input", "input_json", help="The input message as a JSON object.")
@click.option("--properties", "properties_json", help="The component's properties as a JSON object.")
@click.option("--region", type=click.Choice(["us", "eu", "au"]), help="The workspace's data region.")
def run(name: str, input_json: str | None, properties_json: str | None, region: str | None) -> None:
    """Run one component (short or full NAME) and print each emitted message as a JSON line.

    The account is INTERCOM_ACCESS_TOKEN when set, else the most recently connected one.
    """
    content = parse_json_option(input_json, "--input")
    properties = parse_json_option(properties_json, "--properties")
    try:
        bundle = Bundle.load()
        component = bundle.find(name)
    except LookupError as exc:
        fail(str(exc), 2)
    if component.is_trigger:
        fail(f"{component.short_name} is a trigger: it waits for events; run it with "
             f"`intercom-connector watch {component.short_name}`", 2)
    try:
        emitted = asyncio.run(_run(bundle, name, content, properties, region))
    except (CancelError, InputError) as exc:
        fail(str(exc), 2)
    except (ReauthorizationRequired, IntercomError) as exc:
        fail(str(exc), 1)
    for message in emitted:
        click.echo(json.dumps(message.as_dict()))


async def _run(bundle: Bundle, name: str, content: dict[str, Any], properties: dict[str, Any],
               region: str | None) -> list[Emitted]:
    token = os.environ.get(TOKEN_ENV, "")
    stored: Connection | None = None
    manager: TokenManager | None = None
    if token:
        connection: dict[str, Any] = {"accessToken": token}
    else:
        store = ConnectionStore()
        stored = store.default()
        connection = {"accessToken": ""}
        if stored is not None:
            manager = TokenManager(store, load_service_config())
            stored = await manager.active(stored)
            connection = stored.as_auth()
    if region:
        connection["region"] = region
    host = Host(bundle, connection=connection, config=load_service_config())
    try:
        return await host.run(name, content, properties=properties)
    except AuthenticationError:
        if stored is None or manager is None:
            raise
        manager.mark_broken(stored)
        raise ReauthorizationRequired(reauth_message(stored)) from None


from .cli_auth import auth_group  # noqa: E402  (commands register after `main` exists)
from .cli_sandbox import demo, sandbox  # noqa: E402
from .cli_serve import serve  # noqa: E402
from .cli_triggers import triggers_group, watch, webhooks_group  # noqa: E402

main.add_command(auth_group)
main.add_command(serve)
main.add_command(sandbox)
main.add_command(demo)
main.add_command(watch)
main.add_command(webhooks_group)
main.add_command(triggers_group)

if __name__ == "__main__":
    main()
