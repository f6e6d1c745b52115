"""Who may call the API: bearer-token and `Intercom-Version` checks."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from .config import ACCEPTED_API_VERSIONS
from .errors import ApiError

LEGACY_API_VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4")

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


def check_version(headers: Headers, default: str) -> str:
    """The API version a request asks for: its `Intercom-Version`, else the app's ``default``.

    Like Intercom, a missing (or empty) header means "the version set for the app"; an
    unknown value is refused with Intercom's `intercom_version_invalid`.
    """
    requested = headers.get("intercom-version", "").strip()
    if not requested:
        return default
    for accepted in ACCEPTED_API_VERSIONS:
        if requested.lower() == accepted.lower():
            return accepted
    if requested in LEGACY_API_VERSIONS:
        # Real versions, but a different API (users, not contacts): refuse rather than mislead.
        message = f"The sandbox does not serve API {requested}; use a 2.x version"
    else:
        message = f"The requested version {requested[:40]!r} could not be found"
    raise ApiError(400, "intercom_version_invalid", message)
