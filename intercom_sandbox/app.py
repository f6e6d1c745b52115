"""`create_app`: assemble store, seed data, routes and the gateway into one starlette app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse

from . import (
    oauth,
    routes_companies,
    routes_contacts,
    routes_content,
    routes_control,
    routes_conversations,
    routes_data,
    routes_exports,
    routes_messages,
    routes_news,
    routes_segments,
    routes_tags,
    routes_tickets,
    routes_visitors,
    routes_workspace,
)
from .config import SandboxConfig
from .errors import ApiError, error_response
from .gateway import GatewayMiddleware
from .seed import seed_records, seed_workspace
from .store import SandboxStore

logger = logging.getLogger("intercom_sandbox")


def _request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, request_id=_request_id(request), field=exc.field)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    # Intercom answers unknown paths and unsupported methods alike with a 404 not_found.
    assert isinstance(exc, HTTPException)
    status = 404 if exc.status_code in (404, 405) else exc.status_code
    code = "not_found" if status == 404 else "client_error"
    message = "Resource Not Found" if status == 404 else str(exc.detail)
    return error_response(status, code, message, request_id=_request_id(request))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("sandbox handler crashed", exc_info=exc)
    return error_response(500, "server_error", "Unexpected sandbox error", request_id=_request_id(request))


def build_store(config: SandboxConfig) -> SandboxStore:
    store = SandboxStore(config)
    with store.lock:
        seed_workspace(store)
        seed_records(store, config.seed)
    return store


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A fresh sandbox; ``app.state.sandbox`` is its `SandboxStore`."""
    config = config or SandboxConfig()
    store = build_store(config)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    routes = [
        *routes_workspace.routes,
        *routes_tags.routes,
        *routes_contacts.routes,
        *routes_companies.routes,
        *routes_segments.routes, *routes_data.routes, *routes_visitors.routes,
        *routes_conversations.routes,
        *routes_tickets.routes, *routes_messages.routes,
        *routes_content.routes, *routes_news.routes, *routes_exports.routes,
        *oauth.routes,
        *routes_control.routes,
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(GatewayMiddleware, store=store)],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error, Exception: _unexpected},
        lifespan=lifespan,
    )
    app.state.sandbox = store
    return app
