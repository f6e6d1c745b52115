"""Who may call the API: bearer-token and `Intercom-Version` checks."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from .config import SANDBOX_API_VERSION
from .errors import ApiError

if TYPE_CHECKING:
    from starlette.datastructures import Headers

    from .store import SandboxStore


def bearer_token(headers: Headers) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def check_token(store: SandboxStore, token: str | None) -> str:
    """Return the token if the sandbox accepts it, else raise a 401."""
    if token is None:
        raise ApiError(401, "unauthorized", "Access Token Invalid")
    oauth = store.oauth
    if token in oauth.revoked:
        raise ApiError(401, "unauthorized", "Access Token Invalid")
    if token in oauth.tokens:
        return token
    static = store.config.access_token
    if static is not None and not hmac.compare_digest(token.encode(), static.encode()):
        raise ApiError(401, "unauthorized", "Access Token Invalid")
    return token


def check_version(headers: Headers) -> None:
    version = headers.get("intercom-version")
    if version is None:
        raise ApiError(
            400,
            "intercom_version_missing",
            f"The Intercom-Version header is required by the sandbox (use {SANDBOX_API_VERSION})",
            "Intercom-Version",
        )
    if version.strip() != SANDBOX_API_VERSION:
        raise ApiError(
            400,
            "intercom_version_invalid",
            f"Requested version {version!r} is not supported by the sandbox (use {SANDBOX_API_VERSION})",
            "Intercom-Version",
        )
