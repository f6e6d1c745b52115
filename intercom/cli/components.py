"""`components`, `validate` and `run`: the bundle's components, checked and run one at a time."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..host.bundle import Bundle, Component
from ..host.suggest import did_you_mean
from ._common import (
    TOKEN_ENV,
    echo_json,
    fail,
    output_options,
    package_note,
    package_option,
    parse_json_option,
    quiet,
    verbose,
)

# The rest is imported inside the commands: `components` and `validate` run in a fraction of a
# second without httpx, OAuth or a store, and `run` with an exported token loads no OAuth.
if TYPE_CHECKING:
    from ..auth import TokenManager
    from ..host import Emitted
    from ..storage import Connection
    from .progress import CommandProgress


@click.command()
@click.argument("words", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@package_option
def components(words: tuple[str, ...], as_json: bool, package_dir: Path) -> None:
    """List the bundle's components; WORDS keep those whose name or label holds them all.

    `components contact` lists the contact actions and triggers; `describe NAME` shows one.
    """
    every = Bundle.load(package_dir).components
    entries = [c.describe() for c in every if _matches(c, words)]
    if not entries and words:
        hint = did_you_mean(" ".join(words), [c.short_name for c in every], quote=False)
        fail(f"no component matches {' '.join(words)!r}{hint or '; `components` lists them all'}", 2)
    if as_json:
        click.echo(json.dumps(entries, indent=2))
        return
    width = max((len(e["name"]) for e in entries), default=0)
    for e in entries:
        kind = "trigger" if e["trigger"] else "action"
        click.echo(f"{e['name']:<{width}}  {kind:<7}  {e['label']}")


def _matches(component: Component, words: tuple[str, ...]) -> bool:
    text = f"{component.short_name} {component.name} {component.label}".lower()
    return all(word.lower() in text for word in words)


@click.command()
@package_option
def validate(package_dir: Path) -> None:
    """Check the bundle and every manifest; exit 1 listing each problem.

    Checks the package this command runs from, or the checkout given by --path.
    """
    from ..host.validate import validate_package

    where = package_note(package_dir)
    problems = validate_package(package_dir)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        fail(f"{len(problems)} problem(s) found in {where}")
    count = len(Bundle.load(package_dir).components)
    click.echo(f"ok: bundle and {count} component manifests are valid in {where}")


@click.command()
@click.argument("name")
@click.option("--input", "input_json", help="The input message as a JSON object.")
@click.option("--properties", "properties_json", help="The component's properties as a JSON object.")
@click.option("--region", type=click.Choice(["us", "eu", "au"], case_sensitive=False),
              help="The workspace's data region.")
@output_options
def run(name: str, input_json: str | None, properties_json: str | None, region: str | None) -> None:
    """Run one component (short or full NAME) and print each emitted message as a JSON line.

    The account is INTERCOM_ACCESS_TOKEN when set, else the default connected account (`auth use`); the
    API host is INTERCOM_BASE_URL when set (e.g. the sandbox), else the account's region.
    `describe NAME` lists the inputs. On a terminal, progress (pages, waits, retries) shows on
    stderr; stdout carries only the JSON lines.
    """
    import asyncio

    from .. import tls

    tls.prepare()  # on a thread while the rest imports: the client needs it only at its first call

    from ..client import InputError, IntercomError, report_waits
    from ..host.context import CancelError
    from .progress import CommandProgress

    region = region.lower() if region else None
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
    progress = CommandProgress.for_terminal(component.short_name, quiet=quiet(), verbose=verbose())
    try:
        with progress, report_waits(progress.wait):
            asyncio.run(_run(bundle, name, content, properties, region, progress))
    except (CancelError, InputError) as exc:
        fail(str(exc), 2)
    except IntercomError as exc:
        fail(str(exc), 1)
    except Exception as exc:
        auth = sys.modules.get("intercom.auth")  # loaded only when the run used a stored account
        if auth is not None and isinstance(exc, auth.ReauthorizationRequired):
            fail(str(exc), 1)
        raise


async def _run(bundle: Bundle, name: str, content: dict[str, Any], properties: dict[str, Any],
               region: str | None, progress: CommandProgress) -> list[Emitted]:
    async def print_message(message: Emitted) -> None:
        # Printed as emitted, so a listing of any size holds one message at a time; the progress
        # line goes first, so it never sits between JSON lines on a shared terminal.
        progress.close()
        echo_json(message.as_dict(), flush=False)

    from ..client import AuthenticationError, InputError
    from ..config import load_service_config
    from ..host.runner import Host

    raw_token = os.environ.get(TOKEN_ENV)
    if raw_token is not None and raw_token != "" and not raw_token.strip():
        raise InputError(TOKEN_ENV, "is set but blank; export the token itself, or unset it to use "
                                    "the connected account (`intercom-connector auth status`)")
    token = (raw_token or "").strip()
    stored: Connection | None = None
    manager: TokenManager | None = None
    if token:
        connection: dict[str, Any] = {"accessToken": token}
    else:
        from ..auth import TokenManager
        from ..storage import ConnectionStore

        store = ConnectionStore()
        stored = store.default()
        connection = {"accessToken": ""}
        if stored is not None:
            manager = TokenManager(store, load_service_config())
            stored = await manager.active(stored)
            connection = stored.as_auth()
    if region:
        connection["region"] = region
    host = Host(bundle, connection=connection, config=load_service_config(), progress=progress.records)
    try:
        async with host:
            return await host.run(name, content, properties=properties, forward=print_message)
    except AuthenticationError:
        if stored is None or manager is None:
            raise
        from ..auth import ReauthorizationRequired, reauth_message

        manager.mark_broken(stored)
        raise ReauthorizationRequired(reauth_message(stored)) from None
