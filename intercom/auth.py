"""Connecting Intercom accounts: OAuth 2 on authlib's httpx client, or a private app's token.

This is Appmixer's auth module in Python form (``AUTH`` at the bottom): authorize URL, code
exchange, profile, account name, validation and refresh. Intercom's own flow has quirks that
authlib's compliance hooks absorb: the token endpoint is ``/auth/eagle/token``, its answer names
the token ``token`` (``access_token`` too, in newer answers), errors come as ``error.list``, and
tokens never expire, so there is nothing to refresh. Providers that do hand out
``refresh_token``/``expires_in`` are refreshed before expiry, once, under a lock.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.httpx_client import AsyncOAuth2Client

from .client import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ErrorDetail,
    InputError,
    IntercomClient,
    InvalidResponseError,
    RetryPolicy,
    base_url_for,
    error_from_response,
)
from .config import require
from .storage import Connection, ConnectionKind, ConnectionStore

DEFAULT_APP_URL = "https://app.intercom.com"
APP_URL_ENV = "INTERCOM_APP_URL"
AUTHORIZE_PATH = "/oauth"
TOKEN_PATH = "/auth/eagle/token"
UNINSTALL_PATH = "/auth/uninstall"
CALLBACK_PATH = "/auth/intercom/callback"
REFRESH_LEEWAY = 60  # seconds before expiry at which a refreshable token is renewed
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
# The whole code exchange, however the answer arrives (a body dripping in never holds a callback).
EXCHANGE_DEADLINE = 30.0
PROFILE_RETRY = RetryPolicy(max_retries=1, max_total_wait=5.0)

# /me reports the workspace's hosting region in words; connections keep our region keys.
REGION_NAMES = {"us": "us", "eu": "eu", "europe": "eu", "au": "au", "australia": "au"}


class ReauthorizationRequired(Exception):
    """The account's token no longer works: the user must connect the account again."""


def app_url() -> str:
    return os.environ.get(APP_URL_ENV, DEFAULT_APP_URL).rstrip("/")


def token_url() -> str:
    # The token endpoint lives on the API host (US unless INTERCOM_BASE_URL points elsewhere).
    return base_url_for() + TOKEN_PATH


def callback_url(public_url: str) -> str:
    return public_url.rstrip("/") + CALLBACK_PATH


def _intercom_token_answer(response: httpx.Response) -> httpx.Response:
    """authlib expects RFC 6749 answers; turn Intercom's into one, or into one of our errors.

    Whatever the token endpoint sends (HTML from a proxy, nothing, half a body, a list, an
    OAuth ``error``), the result is an IntercomError that says what came back.
    """
    if not response.is_success:
        raise error_from_response(response)
    where = f"Intercom's token endpoint ({response.request.url.path}) answered {response.status_code}"
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):
        kind = response.headers.get("content-type", "").split(";")[0].strip() or "no content type"
        raise InvalidResponseError(f"{where} with a body that is not JSON ({kind})") from None
    if not isinstance(data, dict):
        raise InvalidResponseError(f"{where} with a body that is not a JSON object")
    if data.get("error"):
        code = str(data["error"])[:60]
        message = str(data.get("error_description") or code)[:200]
        raise BadRequestError(400, [ErrorDetail(code=code, message=message)], method="POST",
                              path=response.request.url.path)
    token = data.get("access_token") or data.get("token")
    if not isinstance(token, str) or not token.strip():
        raise InvalidResponseError(f"{where} with no access token")
    data = {**data, "access_token": token.strip(), "token_type": data.get("token_type") or "Bearer"}
    return httpx.Response(response.status_code, json=data, request=response.request)


def oauth_client(
    config: dict[str, Any],
    *,
    redirect_uri: str | None = None,
    token: dict[str, Any] | None = None,
    update_token: Callable[..., Awaitable[None]] | None = None,
) -> AsyncOAuth2Client:
    client = AsyncOAuth2Client(
        client_id=require(config, "clientId"),
        client_secret=require(config, "clientSecret"),
        # Intercom reads client_id and client_secret from the form body.
        token_endpoint_auth_method="client_secret_post",
        redirect_uri=redirect_uri,
        token=token,
        token_endpoint=token_url(),
        update_token=update_token,
        leeway=REFRESH_LEEWAY,
        timeout=TIMEOUT,
    )
    client.register_compliance_hook("access_token_response", _intercom_token_answer)
    client.register_compliance_hook("refresh_token_response", _intercom_token_answer)
    return client


def authorize_url(config: dict[str, Any], redirect_uri: str, state: str) -> str:
    """Where to send the user's browser: Intercom's consent page (no scope: fixed per app)."""
    client = oauth_client(config, redirect_uri=redirect_uri)
    url, _ = client.create_authorization_url(app_url() + AUTHORIZE_PATH, state=state)
    return url


async def exchange_code(config: dict[str, Any], code: str, redirect_uri: str) -> dict[str, Any]:
    """Trade the callback's code for a token: ``{access_token, refresh_token?, expires_at?}``.

    A network failure, a stall or an answer authlib cannot use is an IntercomError, like the
    rest of the client's; nothing else escapes.
    """
    url, endpoint = token_url(), "Intercom's token endpoint"
    client = oauth_client(config, redirect_uri=redirect_uri)
    try:
        async with asyncio.timeout(EXCHANGE_DEADLINE), client:
            token = await client.fetch_token(url, code=code, grant_type="authorization_code")
    except TimeoutError:
        raise APITimeoutError(f"{endpoint} did not answer within {EXCHANGE_DEADLINE:g} s") from None
    except httpx.TimeoutException:
        raise APITimeoutError(f"{endpoint} did not answer in time") from None
    except httpx.TransportError as exc:
        raise APIConnectionError(f"{endpoint} could not be reached ({type(exc).__name__})") from None
    except AuthlibBaseError as exc:
        raise InvalidResponseError(f"{endpoint} gave an answer that cannot be used ({exc.error})") from None
    return dict(token)


async def fetch_profile(access_token: str, *, region: str | None = None) -> dict[str, Any]:
    """``GET /me``: the admin behind the token and their workspace (always a JSON object)."""
    # One quick retry: someone is waiting on a page (or on `auth login`) for this answer.
    async with IntercomClient(access_token, region=region, retry=PROFILE_RETRY) as intercom:
        profile = await intercom.get("/me")
    if not isinstance(profile, dict):
        raise InvalidResponseError("Intercom answered GET /me with no profile; nothing was used from it")
    return profile


def _app(profile: dict[str, Any]) -> dict[str, Any]:
    app = profile.get("app")
    return app if isinstance(app, dict) else {}


def _text(value: Any) -> str | None:
    """A profile field as text, or None when it is missing or not a plain value."""
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        return None
    return str(value)[:200]


def account_name(profile: dict[str, Any]) -> str:
    """How the account is shown to the user, e.g. "Acme Support (ada@acme.test)"."""
    app = _app(profile)
    workspace, email = _text(app.get("name")), _text(profile.get("email"))
    if workspace and email:
        return f"{workspace} ({email})"
    return workspace or email or _text(profile.get("name")) or "Intercom account"


def region_of(profile: dict[str, Any]) -> str:
    raw = (_text(_app(profile).get("region")) or "us").strip().lower()
    return REGION_NAMES.get(raw, "us")


def connection_from(token: dict[str, Any], profile: dict[str, Any], kind: ConnectionKind) -> Connection:
    app = _app(profile)
    expires_at = token.get("expires_at")
    finite = isinstance(expires_at, int | float) and not isinstance(expires_at, bool)
    if not finite or not math.isfinite(expires_at):
        expires_at = None  # a provider's odd value: treat the token as one that does not expire
    # Keep only what a component or a status line needs; the admin's profile carries no secret.
    kept_profile = {k: profile.get(k) for k in ("type", "id", "name", "email") if k in profile}
    kept_profile["app"] = {k: app.get(k) for k in ("id_code", "name", "region", "timezone") if k in app}
    return Connection(
        access_token=str(token["access_token"]),
        kind=kind,
        region=region_of(profile),
        workspace_id=_text(app.get("id_code")),
        workspace_name=_text(app.get("name")),
        account_name=account_name(profile),
        admin_id=_text(profile.get("id")),
        refresh_token=token.get("refresh_token") if isinstance(token.get("refresh_token"), str) else None,
        expires_at=float(expires_at) if expires_at else None,
        profile=kept_profile,
    )


async def connect_with_code(
    config: dict[str, Any], code: str, redirect_uri: str, store: ConnectionStore
) -> Connection:
    """The callback's work: exchange, read the profile, store one connection. Nothing on error."""
    token = await exchange_code(config, code, redirect_uri)
    profile = await fetch_profile(str(token["access_token"]))
    connection = connection_from(token, profile, "oauth")
    return _save_replacing(store, connection)


async def connect_with_token(access_token: str, store: ConnectionStore) -> Connection:
    """A private app's access token: checked with /me, then stored like an OAuth connection."""
    if not access_token.strip():
        raise InputError("token", "is empty; copy the access token from the app's Authentication page")
    profile = await fetch_profile(access_token.strip())
    connection = connection_from({"access_token": access_token.strip()}, profile, "token")
    return _save_replacing(store, connection)


def _save_replacing(store: ConnectionStore, connection: Connection) -> Connection:
    """Reconnecting a workspace replaces its old connection instead of piling up copies."""
    old = store.by_workspace(connection.workspace_id) if connection.workspace_id else None
    if old is not None:
        # Same id, age and default flag: the triggers of this workspace keep their account, and
        # which account is the default does not change behind the user's back.
        connection.id, connection.created_at = old.id, old.created_at
        connection.default, connection.version = old.default, old.version
    return store.save(connection)


async def revoke(connection: Connection) -> None:
    """``POST /auth/uninstall``: Intercom forgets the token (and uninstalls the app there)."""
    async with IntercomClient(connection.access_token, region=connection.region,
                              base_url=connection.base_url) as intercom:
        await intercom.post(UNINSTALL_PATH)


class TokenManager:
    """Keeps a stored connection usable: refresh where possible, validate where not."""

    def __init__(self, store: ConnectionStore, config: dict[str, Any]) -> None:
        self.store = store
        self.config = config
        self._locks: dict[str, asyncio.Lock] = {}

    def _lock(self, connection_id: str) -> asyncio.Lock:
        return self._locks.setdefault(connection_id, asyncio.Lock())

    @staticmethod
    def expiring(connection: Connection, now: float | None = None) -> bool:
        if not (connection.refresh_token and connection.expires_at):
            return False
        return connection.expires_at - (now or time.time()) <= REFRESH_LEEWAY

    async def active(self, connection: Connection) -> Connection:
        """The connection with a token that is good for at least the leeway."""
        if connection.needs_reauth:
            raise ReauthorizationRequired(reauth_message(connection))
        if not self.expiring(connection):
            return connection
        async with self._lock(connection.id):
            # Another task may have refreshed while this one waited for the lock.
            current = self.store.get(connection.id) or connection
            if not self.expiring(current):
                return current
            return await self._refresh(current)

    async def _refresh(self, connection: Connection) -> Connection:
        async def update_token(token: dict[str, Any], refresh_token: str | None = None, **_: Any) -> None:
            # The one place a refreshed token is persisted.
            connection.access_token = str(token["access_token"])
            connection.refresh_token = token.get("refresh_token") or refresh_token
            expires_at = token.get("expires_at")
            connection.expires_at = float(expires_at) if expires_at else None
            self.store.save(connection)

        token = {"access_token": connection.access_token, "refresh_token": connection.refresh_token,
                 "expires_at": connection.expires_at, "token_type": "Bearer"}
        async with oauth_client(self.config, token=token, update_token=update_token) as client:
            try:
                await client.refresh_token(token_url(), refresh_token=connection.refresh_token)
            except AuthenticationError:
                self.mark_broken(connection)
                raise ReauthorizationRequired(reauth_message(connection)) from None
        return connection

    async def validate(self, connection: Connection) -> dict[str, Any]:
        """Intercom's tokens never expire: ``/me`` says whether this one still works."""
        try:
            return await fetch_profile(connection.access_token, region=connection.region)
        except AuthenticationError:
            self.mark_broken(connection)
            raise ReauthorizationRequired(reauth_message(connection)) from None

    def mark_broken(self, connection: Connection) -> None:
        connection.needs_reauth = True
        self.store.save(connection)


def reauth_message(connection: Connection) -> str:
    how = "intercom-connector auth login" if connection.kind == "oauth" else "intercom-connector auth token"
    return (f"the Intercom connection {connection.account_name or connection.id} is no longer "
            f"authorized (revoked or uninstalled); connect it again with `{how}`")


# Appmixer's auth module, in Python form.
AUTH: dict[str, Any] = {
    "type": "oauth2",
    "definition": {
        "authUrl": authorize_url,
        "requestAccessToken": exchange_code,
        "refreshAccessToken": TokenManager.active,
        "requestProfileInfo": fetch_profile,
        "accountNameFromProfileInfo": account_name,
        "validateAccessToken": TokenManager.validate,
        "revoke": revoke,
    },
}
