"""The `intercom-connector` command line (also `python -m intercom`): one module per command group."""

from __future__ import annotations

import atexit
import importlib
import logging
import os
import sys
import threading
from typing import Any

# httpx imports its own command-line client at import time (rich, pygments) whenever those are
# installed; this one never calls it, and `run` starts noticeably faster without it.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

import click  # noqa: E402

from ..host.suggest import did_you_mean  # noqa: E402
from ._common import fail  # noqa: E402

# Each command's module is imported when that command runs (every one only for `--help`), so
# `components` or `validate` never load OAuth, the simulator, the webhook models or starlette.
COMMANDS: dict[str, tuple[str, str]] = {
    "components": ("components", "components"),
    "describe": ("describe", "describe"),
    "validate": ("components", "validate"),
    "manifests": ("manifests", "manifests"),
    "bundle": ("manifests", "bundle"),
    "run": ("components", "run"),
    "auth": ("auth", "auth_group"),
    "serve": ("serve", "serve"),
    "sandbox": ("sandbox", "sandbox"),
    "demo": ("sandbox", "demo"),
    "watch": ("triggers", "watch"),
    "webhooks": ("triggers", "webhooks_group"),
    "triggers": ("triggers", "triggers_group"),
}


class SuggestingGroup(click.Group):
    """Loads each command on first use; a mistyped one answers "did you mean"."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(f".{module}", __name__), attribute), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = did_you_mean(name, self.list_commands(ctx), quote=False)
            if hint:
                ctx.fail(f"No such command {name!r}{hint}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            from ..storage import StoreError  # only once something failed: most commands keep no store

            if isinstance(exc, StoreError):  # one line naming the store and what to do, never a traceback
                fail(str(exc), 1)
            raise


@click.group(cls=SuggestingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what the host does to stderr.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Run and inspect the Intercom connector's components.

    Start with `components` (filter: `components contact`) and `describe NAME`, then `run NAME
    --input JSON`. `sandbox` serves a local Intercom to try everything on.
    """
    ctx.meta["intercom.verbose"] = verbose
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def entry() -> None:
    """The installed command: ``main``, then a quick exit.

    Once a command is done, the interpreter's own teardown (every module and object freed one
    by one) takes about a tenth of a second that nobody needs: here the exit handlers run and
    the output is flushed, then the process ends. While any thread of the command still runs,
    the usual exit waits for it instead.
    """
    try:
        main.main(prog_name="intercom-connector")
        code: Any = 0
    except SystemExit as done:
        code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    if any(t is not threading.current_thread() and not t.daemon for t in threading.enumerate()):
        sys.exit(code)
    atexit._run_exitfuncs()  # what a normal exit runs: temporary files removed, logs flushed
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach it
            code = code or 1
    os._exit(code or 0)


__all__ = ["entry", "main"]
