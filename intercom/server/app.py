"""The host's HTTP face (``serve``): OAuth routes, webhook intake, a health check."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .oauth_routes import oauth_routes
from .runtime import ServerRuntime

Lifespan = Callable[[Starlette], AbstractAsyncContextManager[None]]


def create_app(runtime: ServerRuntime, *, lifespan: Lifespan | None = None) -> Starlette:
    """``lifespan`` runs background work for the app's lifetime (the triggers' dispatch and ticks)."""

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"ok": True})

    routes: list[BaseRoute] = [Route("/healthz", health), *oauth_routes(runtime), *runtime.extra_routes]
    return Starlette(routes=routes, lifespan=lifespan)


class RedactQueryStrings(logging.Filter):
    """Access logs must not keep OAuth codes or states, which travel in the query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            args = list(record.args)
            args[2] = args[2].split("?", 1)[0]
            record.args = tuple(args)
        return True
