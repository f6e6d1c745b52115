"""A tiny stand-in for Intercom's OAuth side (consent page, token endpoint, /me, uninstall).

Served on loopback by the OAuth tests, so the whole login runs over real sockets.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret-value"


def error_list(code: str, message: str) -> dict[str, Any]:
    return {"type": "error.list", "request_id": "fake-req-1", "errors": [{"code": code, "message": message}]}


@dataclass
class FakeIntercom:
    profile: dict[str, Any] = field(default_factory=lambda: {
        "type": "admin", "id": "991267", "name": "Ada Admin", "email": "ada@acme.test",
        "app": {"type": "app", "id_code": "wsp123", "name": "Acme Support", "region": "Europe",
                "timezone": "Europe/Dublin"},
    })
    token_status: int = 200
    me_status: int = 200
    # A broken provider: the token endpoint's or /me's raw answer (status 200), or a stall.
    token_body: bytes | None = None
    token_stall: float = 0.0
    me_body: bytes | None = None
    content_type: str = "application/json"
    codes: dict[str, str] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    uninstalled: list[str] = field(default_factory=list)

    def app(self) -> Starlette:
        async def consent(request: Request) -> Response:
            params = request.query_params
            if params.get("client_id") != CLIENT_ID:
                return JSONResponse(error_list("client_not_found", "Unknown app"), status_code=400)
            code = secrets.token_urlsafe(16) + "="  # Intercom codes may end with "="
            self.codes[code] = params["redirect_uri"]
            query = urlencode({"code": code, "state": params.get("state", "")})
            return RedirectResponse(f"{params['redirect_uri']}?{query}", status_code=302)

        async def token(request: Request) -> Response:
            form = dict(parse_qsl((await request.body()).decode()))
            self.token_requests.append(form)
            if self.token_stall:
                await asyncio.sleep(self.token_stall)
            if self.token_body is not None:
                return Response(self.token_body, media_type=self.content_type)
            if self.token_status >= 500:
                return JSONResponse(error_list("server_error", "Token service is down"), status_code=self.token_status)
            good = (form.get("client_id"), form.get("client_secret")) == (CLIENT_ID, CLIENT_SECRET)
            if self.token_status != 200 or not good or form.get("code") not in self.codes:
                return JSONResponse(error_list("unauthorized", "Unauthorized Code"), status_code=401)
            del self.codes[form["code"]]
            value = "tok_" + secrets.token_hex(12)
            self.tokens.add(value)
            return JSONResponse({"token_type": "Bearer", "token": value})

        def bearer(request: Request) -> str:
            return request.headers.get("authorization", "").removeprefix("Bearer ")

        async def me(request: Request) -> Response:
            if self.me_status != 200 or bearer(request) not in self.tokens:
                return JSONResponse(error_list("unauthorized", "Access Token Invalid"), status_code=401)
            if self.me_body is not None:
                return Response(self.me_body, media_type=self.content_type)
            return JSONResponse(self.profile)

        async def uninstall(request: Request) -> Response:
            self.uninstalled.append(bearer(request))
            self.tokens.discard(bearer(request))
            return JSONResponse({})

        return Starlette(routes=[
            Route("/oauth", consent), Route("/auth/eagle/token", token, methods=["POST"]),
            Route("/me", me), Route("/auth/uninstall", uninstall, methods=["POST"]),
        ])
