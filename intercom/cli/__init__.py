"""The `intercom-connector` command line (also `python -m intercom`): one module per command group."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from ..host.suggest import did_you_mean
from ..storage import StoreError
from ._common import fail
from .auth import auth_group
from .components import components, run, validate
from .describe import describe
from .manifests import bundle, manifests
from .sandbox import demo, sandbox
from .serve import serve
from .triggers import triggers_group, watch, webhooks_group


class SuggestingGroup(click.Group):
    """A mistyped command answers "did you mean" instead of only "no such command"."""

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
        except StoreError as exc:  # one line naming the store and what to do, never a traceback
            fail(str(exc), 1)


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


for command in (
    components,
    describe,
    validate,
    manifests,
    bundle,
    run,
    auth_group,
    serve,
    sandbox,
    demo,
    watch,
    webhooks_group,
    triggers_group,
):
    main.add_command(command)

__all__ = ["main"]
