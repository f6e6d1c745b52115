"""``/auth/intercom/start`` and ``/auth/intercom/callback``: the OAuth dance, host side.

The callback never crashes and never stores a stranger's account: whatever Intercom (or what
stands in front of it) answers, the browser gets a page saying what went wrong, ``on_failed``
hears it in one line (``auth login`` reports it at once), and nothing is stored.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .. import auth
from ..client import APIConnectionError, APIError, InputError, InvalidResponseError
from .binding import BROWSER_KEY, COOKIE_NAME, COOKIE_PATH, cookie_matches, new_binding
from .operator import OPERATOR_PASSWORD_ENV, REALM, operator_allowed
from .pages import connected_page, error_page
from .runtime import ServerRuntime
from .states import STATE_TTL

logger = logging.getLogger("intercom.server.oauth")


def oauth_routes(runtime: ServerRuntime) -> list[Route]:
    async def start(request: Request) -> Response:
        refused = _operator_check(runtime, request)
        if refused is not None:
            return refused
        try:
            secret = str(runtime.config.get("clientSecret") or "")
            cookie, digest = new_binding(secret)
            state = await runtime.states.aissue({BROWSER_KEY: digest})
            url = auth.authorize_url(runtime.config, runtime.callback_url, state)
        except InputError as exc:
            return error_page(f"The connector is not configured: {exc}", 500)
        response = RedirectResponse(url, status_code=302)
        response.set_cookie(
            COOKIE_NAME, cookie, max_age=int(STATE_TTL), path=COOKIE_PATH, httponly=True, samesite="lax",
            secure=runtime.public_url.startswith("https://"),
        )
        return response

    async def callback(request: Request) -> Response:
        try:
            response = await _callback(runtime, request)
        except Exception as exc:  # the last guard: a page and a log line, never a traceback
            logger.exception("OAuth callback failed unexpectedly (%s)", type(exc).__name__)
            response = _failed(runtime, f"the connection failed unexpectedly ({type(exc).__name__})", 500)
        response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH)
        return response

    return [
        Route("/auth/intercom/start", start, methods=["GET"]),
        Route(auth.CALLBACK_PATH, callback, methods=["GET"]),
    ]


def _operator_check(runtime: ServerRuntime, request: Request) -> Response | None:
    if not runtime.open_to_network:
        return None
    if not runtime.operator_password:
        logger.warning("OAuth start refused: serve is reachable from the network and %s is not set",
                       OPERATOR_PASSWORD_ENV)
        return error_page(
            "Connecting an account through this server is off: it can be reached from the network and "
            f"no operator password is set. Set {OPERATOR_PASSWORD_ENV} for `serve`, or connect with "
            "`intercom-connector auth login` on the host.", 403)
    if operator_allowed(request, runtime.operator_password):
        return None
    logger.warning("OAuth start refused: no or a wrong operator password")
    page = error_page("Connecting an account here needs the operator's password.", 401)
    page.headers["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return page


def _failed(runtime: ServerRuntime, reason: str, status: int) -> Response:
    runtime.on_failed(reason)
    return error_page(f"{reason[:1].upper()}{reason[1:]}; nothing was stored. Start again.", status)


async def _callback(runtime: ServerRuntime, request: Request) -> Response:
    params = request.query_params
    data = await runtime.states.atake(params.get("state"))
    if data is None:
        logger.warning("OAuth callback refused: unknown, reused or expired state")
        return error_page("This sign-in link is not valid any more (unknown, used or expired). "
                          "Start again from the beginning.", 400)
    if BROWSER_KEY in data:  # started at /auth/intercom/start: only that browser may finish it
        secret = str(runtime.config.get("clientSecret") or "")
        if not cookie_matches(secret, request.cookies.get(COOKIE_NAME), data[BROWSER_KEY]):
            logger.warning("OAuth callback refused: the state belongs to another browser")
            return error_page("This sign-in was started in another browser (or this browser did not keep "
                              "its cookie), so it cannot be finished here. Start again in this browser.", 400)
    if params.get("error"):
        return _failed(runtime, f"Intercom did not grant access: {params.get('error', '')[:200]}", 400)
    code = params.get("code")
    if not code:
        return _failed(runtime, "Intercom sent no authorization code", 400)
    try:
        connection = await auth.connect_with_code(runtime.config, code, runtime.callback_url,
                                                  runtime.connections)
    except APIError as exc:
        logger.warning("OAuth exchange failed: %s %s (request id %s)", exc.status, exc.code, exc.request_id)
        status = 400 if 400 <= exc.status < 500 else 502
        rid = f", request id {exc.request_id}" if exc.request_id else ""
        runtime.on_failed(f"Intercom refused the connection: {exc.message} ({exc.status} {exc.code}{rid})")
        return error_page(f"Intercom refused the connection: {exc.message}; nothing was stored.", status)
    except InvalidResponseError as exc:
        logger.warning("OAuth exchange failed: %s", exc)
        return _failed(runtime, f"Intercom's answer could not be used: {exc}", 502)
    except APIConnectionError as exc:
        logger.warning("OAuth exchange failed: %s", exc)
        return _failed(runtime, f"Intercom could not be reached: {exc}", 502)
    except InputError as exc:
        return _failed(runtime, f"the connector is not configured: {exc}", 500)
    logger.info("connected Intercom account %s (workspace %s)", connection.account_name,
                connection.workspace_id)
    runtime.on_connected(connection)
    default = await runtime.connections.aio.default()
    note = None
    if default is not None and default.id != connection.id:
        note = (f"It is not the default account ({default.account_name} is): name it with "
                f"--connection {connection.id}, or make it the default with "
                f"`intercom-connector auth use {connection.id}`.")
    return connected_page(connection.account_name, note)
