"""``/auth/intercom/start`` and ``/auth/intercom/callback``: the OAuth dance, host side."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .. import auth
from ..client import APIConnectionError, APIError, InputError
from .pages import connected_page, error_page

if TYPE_CHECKING:
    from .app import ServerRuntime

logger = logging.getLogger("intercom.server.oauth")


def oauth_routes(runtime: ServerRuntime) -> list[Route]:
    async def start(request: Request) -> Response:
        try:
            url = auth.authorize_url(runtime.config, runtime.callback_url, runtime.states.issue())
        except InputError as exc:
            return error_page(f"The connector is not configured: {exc}", 500)
        return RedirectResponse(url, status_code=302)

    async def callback(request: Request) -> Response:
        params = request.query_params
        if not runtime.states.consume(params.get("state")):
            logger.warning("OAuth callback refused: unknown, reused or expired state")
            return error_page("This sign-in link is not valid any more (unknown, used or expired). "
                              "Start again from the beginning.", 400)
        if params.get("error"):
            return error_page(f"Intercom did not grant access: {params.get('error')}", 400)
        code = params.get("code")
        if not code:
            return error_page("Intercom sent no authorization code; start again.", 400)
        try:
            connection = await auth.connect_with_code(runtime.config, code, runtime.callback_url,
                                                      runtime.connections)
        except APIError as exc:
            logger.warning("OAuth exchange failed: %s %s (request id %s)",
                           exc.status, exc.code, exc.request_id)
            status = 400 if 400 <= exc.status < 500 else 502
            return error_page(f"Intercom refused the connection: {exc.message}", status)
        except APIConnectionError as exc:
            return error_page(f"Intercom could not be reached: {exc}", 502)
        except InputError as exc:
            return error_page(f"The connector is not configured: {exc}", 500)
        logger.info("connected Intercom account %s (workspace %s)", connection.account_name,
                    connection.workspace_id)
        runtime.on_connected(connection)
        return connected_page(connection.account_name)

    return [
        Route("/auth/intercom/start", start, methods=["GET"]),
        Route(auth.CALLBACK_PATH, callback, methods=["GET"]),
    ]
