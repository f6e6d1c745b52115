"""ASGI middleware in front of every route: request ids, rate limits, auth, version and faults.

Doing this once here keeps route handlers about resources only, and guarantees that every
response (errors included) carries `X-Request-Id` and the `X-RateLimit-*` headers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from starlette.datastructures import Headers, MutableHeaders

from .access import bearer_token, check_token, check_version
from .config import SANDBOX_API_VERSION
from .errors import ApiError, error_response, new_request_id
from .faults import FaultInjector, RateLimiter

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from .store import SandboxStore

# Paths that are not the REST API: the OAuth dance (the token endpoint authenticates with the
# client secret, not a bearer token) and the sandbox's own test controls.
_OPEN_PATHS = frozenset({"/oauth", "/auth/eagle/token"})
_CONTROL_PREFIX = "/_sandbox"
# Uninstall needs a bearer token but, like the OAuth endpoints, no Intercom-Version header.
_UNVERSIONED_PATHS = frozenset({"/auth/uninstall"})
# Every versioned answer says which shapes it carries and which version the request got.
SERVED_VERSION_HEADER = "X-Sandbox-Api-Version"
REQUESTED_VERSION_HEADER = "X-Sandbox-Requested-Version"

logger = logging.getLogger("intercom_sandbox")


def _is_api(path: str) -> bool:
    return path not in _OPEN_PATHS and not path.startswith(_CONTROL_PREFIX)


class GatewayMiddleware:
    def __init__(self, app: ASGIApp, store: SandboxStore) -> None:
        self.app = app
        self.store = store
        config = store.config
        self.limiter = RateLimiter(config.rate_limit, store.clock)
        self.faults = FaultInjector(config.fault_rate, config.random_seed)
        self.latency = config.latency_ms / 1000
        self._versions_noted: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        path: str = scope["path"]
        is_api = _is_api(path)
        rate = self.limiter.hit() if is_api else self.limiter.peek()
        extra_headers = {"X-Request-Id": request_id, **rate.headers()}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra_headers.items():
                    headers[name] = value
            await send(message)

        if not is_api:
            await self.app(scope, receive, send_with_headers)
            return

        if self.latency:
            await asyncio.sleep(self.latency)
        failure = self._refusal(scope, path, rate.allowed, extra_headers)
        if failure is not None:
            response = error_response(
                failure.status, failure.code, failure.message, request_id=request_id, field=failure.field
            )
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(
        self, scope: Scope, path: str, allowed: bool, extra_headers: dict[str, str]
    ) -> ApiError | None:
        """The error a request gets before reaching its route, if any, in Intercom's order."""
        if not allowed:
            return ApiError(429, "rate_limit_exceeded", "Exceeded rate limit of requests in this window")
        headers = Headers(scope=scope)
        try:
            with self.store.lock:
                check_token(self.store, bearer_token(headers))
            if path not in _UNVERSIONED_PATHS:
                version = check_version(headers, self.store.config.default_version)
                extra_headers[SERVED_VERSION_HEADER] = SANDBOX_API_VERSION
                extra_headers[REQUESTED_VERSION_HEADER] = version
                self._note_version(version, explicit=bool(headers.get("intercom-version", "").strip()))
        except ApiError as exc:
            return exc
        fault = self.faults.draw()
        if fault is not None:
            return ApiError(*fault)
        return None

    def _note_version(self, version: str, *, explicit: bool) -> None:
        # Once per version: a client on 2.14 should learn it gets 2.10 shapes, not on every call.
        key = f"{version}:{explicit}"
        if (version == SANDBOX_API_VERSION and explicit) or key in self._versions_noted:
            return
        self._versions_noted.add(key)
        how = "asked for" if explicit else "sent no Intercom-Version; the app default is"
        logger.info("a client %s %s; the sandbox answers with API %s shapes", how, version,
                    SANDBOX_API_VERSION)
