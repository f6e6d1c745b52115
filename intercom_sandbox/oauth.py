"""The OAuth dance of a public Intercom app, approved instantly.

`GET /oauth` plays the consent screen and redirects at once with a single-use code;
`POST /auth/eagle/token` swaps code + client credentials for a long-lived bearer token;
`POST /auth/uninstall` revokes the calling token.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .access import bearer_token
from .endpoint import Call, endpoint
from .errors import ApiError

# Codes are meant to be exchanged right after the redirect.
CODE_TTL_SECONDS = 600


def _error_page(message: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><title>Intercom sandbox: authorization failed</title><h1>Authorization failed</h1>"
        f"<p>{message}</p>",
        status_code=400,
    )


def _new_code() -> str:
    # Real codes may end in "=": issue padded base64 so clients must keep the value intact.
    return base64.b64encode(secrets.token_bytes(16)).decode()


def _new_token() -> str:
    return base64.b64encode(b"tok:" + secrets.token_bytes(24)).decode()


@endpoint
def authorize(call: Call) -> Response:
    store = call.store
    query = call.query
    if query.get("client_id") != store.config.client_id:
        return _error_page("Unknown client_id.")
    redirect_uri = query.get("redirect_uri", "")
    target = urlsplit(redirect_uri)
    if target.scheme not in ("http", "https") or not target.netloc:
        # The sandbox has no registered default, so the redirect must be given explicitly.
        return _error_page("redirect_uri must be an absolute http(s) URL.")
    code = _new_code()
    store.oauth.codes[code] = {
        "client_id": store.config.client_id,
        "redirect_uri": redirect_uri,
        "issued_at": str(store.now()),
    }
    params = {"code": code}
    if query.get("state") is not None:
        params["state"] = query["state"]
    separator = "&" if target.query else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{urlencode(params)}", status_code=302)


@endpoint
def exchange_token(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    config = store.config
    code, client_id, client_secret = (str(body.get(k) or "") for k in ("code", "client_id", "client_secret"))
    grant = store.oauth.codes.get(code)
    credentials_ok = client_id == config.client_id and hmac.compare_digest(
        client_secret.encode(), config.client_secret.encode()
    )
    fresh = grant is not None and store.now() - int(grant["issued_at"]) <= CODE_TTL_SECONDS
    if not (credentials_ok and grant is not None and fresh and grant["client_id"] == client_id):
        raise ApiError(401, "unauthorized", "Unauthorized Code")
    del store.oauth.codes[code]  # single use
    token = _new_token()
    store.oauth.tokens.add(token)
    return {"token_type": "Bearer", "token": token, "access_token": token}


@endpoint
def uninstall(call: Call) -> dict[str, Any]:
    # The gateway already refused missing or invalid tokens.
    token = bearer_token(call.request.headers)
    oauth = call.store.oauth
    if token is not None:
        oauth.tokens.discard(token)
        oauth.revoked.add(token)
    return {}


routes = [
    Route("/oauth", authorize, methods=["GET"]),
    Route("/auth/eagle/token", exchange_token, methods=["POST"]),
    Route("/auth/uninstall", uninstall, methods=["POST"]),
]
