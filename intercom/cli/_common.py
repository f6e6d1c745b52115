"""What every command module shares: the one way to fail, option parsing, the host's stores."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .. import bounded_json
from ..host.bundle import PACKAGE_DIR

if TYPE_CHECKING:  # imported where used: `components` and `validate` load neither httpx nor a store
    from ..host import Emitted
    from ..storage import StateStore, TriggerInstance

TOKEN_ENV = "INTERCOM_ACCESS_TOKEN"
MAX_INT_DIGITS = 19  # 2**63 has 19 digits

config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file with the acme:intercom service configuration (default: $INTERCOM_CONNECTOR_CONFIG).",
)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line ``error: MESSAGE`` to stderr and exit with ``code`` (2: bad input)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def parse_json_option(value: str | None, option: str) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    try:
        # Bounded: no value Intercom takes is 64 levels deep or has a number past 64 bits.
        parsed = bounded_json.loads(value, max_int_digits=MAX_INT_DIGITS)
    except json.JSONDecodeError as exc:
        fail(f"{option} is not valid JSON ({exc.msg} at column {exc.colno}); give an object like '{{}}'", 2)
    except ValueError as exc:
        fail(f"{option} cannot be used: {exc}; give an object like '{{}}'", 2)
    if not isinstance(parsed, dict):
        fail(f"{option} must be a JSON object such as '{{\"id\": \"...\"}}'", 2)
    return parsed


def service_config(config_file: Path | None, *keys: str) -> dict[str, Any]:
    from ..client import InputError
    from ..config import load_service_config, require

    try:
        config = load_service_config(config_file)
        for key in keys:
            require(config, key)
    except InputError as exc:
        fail(str(exc), 2)
    return config


def host_state() -> StateStore:
    """The configured store (INTERCOM_CONNECTOR_STORE, else SQLite under the home folder)."""
    from ..storage import StateStore

    return StateStore()


async def echo_emitted(_instance: TriggerInstance, message: Emitted) -> None:
    echo_json(message.as_dict())


async def echo_and_log_emitted(instance: TriggerInstance, message: Emitted) -> None:
    """For ``serve``: the message on stdout, and on stderr which trigger sent what.

    The log line names the instance, port, topic and ids only: a payload can hold personal data
    and, in custom attributes, anything a workspace stores.
    """
    echo_json(message.as_dict())
    data = message.data if isinstance(message.data, dict) else {}
    topic = data.get("event_topic") or "-"
    name = instance.component.rsplit(".", 1)[-1]
    parts = [f"emitted by {name} ({instance.id}) on {message.port}: topic {topic}"]
    for key, label in (("event_id", "event"), ("id", "record"), ("event_source", "via")):
        if isinstance(data.get(key), str | int):
            parts.append(f"{label} {data[key]}")
    click.echo(", ".join(parts), err=True)


def _package_dir(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    """A checkout's root or its ``intercom/`` folder; default: the package this command runs from."""
    if value is None:
        return PACKAGE_DIR
    value = value.resolve()
    for candidate in (value, value / "intercom"):
        if (candidate / "components").is_dir() and (candidate / "service.json").is_file():
            return candidate
    raise click.BadParameter(f"{value} holds no intercom package (no components/ and service.json)")


package_option = click.option(
    "--path", "package_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
    callback=_package_dir,
    help="The checkout (or its intercom/ folder) to work on; default: the package this command runs from.",
)


# -- how output looks -------------------------------------------------------------------------


def _remember(name: str) -> Any:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        ctx.meta[f"intercom.{name}"] = value
        return value
    return callback


def pretty_option(command: Any) -> Any:
    """``--pretty``, read back by :func:`echo_json`."""
    return click.option(
        "--pretty", is_flag=True, expose_value=False, callback=_remember("pretty"),
        help="Print each message as indented JSON, for reading (default: one JSON object per line).",
    )(command)


def output_options(command: Any) -> Any:
    """``--pretty`` and ``--quiet``, read back with :func:`echo_json` and :func:`quiet`."""
    command = pretty_option(command)
    return click.option(
        "-q", "--quiet", is_flag=True, expose_value=False, callback=_remember("quiet"),
        help="Show no progress on stderr (it is shown only on a terminal anyway).",
    )(command)


def _setting(name: str) -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(f"intercom.{name}"))


def quiet() -> bool:
    return _setting("quiet")


def verbose() -> bool:
    return _setting("verbose")


def echo_json(value: Any, *, flush: bool = True) -> None:
    """stdout carries JSON only: one line per value, or indented with ``--pretty``.

    ``flush=False`` where nothing is recorded as handed on (``run``): the lines then leave in
    buffer-sized writes, not one system call each, and all of them at exit.
    """
    if _setting("pretty"):
        click.echo(json.dumps(value, indent=2, ensure_ascii=False))
    elif not flush:
        sys.stdout.write(json.dumps(value) + "\n")  # ASCII only: click.echo would flush each line
    else:
        click.echo(json.dumps(value))
    if flush:
        # Out of the process before the host records it as handed on: a pipe's buffer dies with it.
        sys.stdout.flush()


def package_note(package_dir: Path) -> str:
    """Which package a command worked on, as its output states it."""
    if package_dir == PACKAGE_DIR:
        return f"{package_dir} (the package this command runs from; --path picks a checkout)"
    return str(package_dir)
