"""Binding an OAuth state to the browser that started the flow (against login CSRF).

``/auth/intercom/start`` sets a cookie holding a random nonce, signed with a key derived from
the app's client secret, and stores only the nonce's hash with the state. The callback accepts
the state only from a browser that sends that cookie back: a callback link made in a stranger's
browser and opened in the user's finds no matching cookie and is refused.

The cookie is HttpOnly (no page script reads it), SameSite=Lax (sent on the top-level redirect
back from Intercom, not on cross-site subrequests), limited to /auth/intercom and to the
state's lifetime, and Secure when the public URL is https.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE_NAME = "intercom_oauth_browser"
COOKIE_PATH = "/auth/intercom"
BROWSER_KEY = "browser"  # where the nonce's hash sits in the state's data


_PURPOSE = b"intercom-connector oauth browser binding"


def _key(client_secret: str) -> bytes:
    # A key of its own, derived from the secret: the cookie's signature says nothing about it.
    return hmac.new(client_secret.encode(), _PURPOSE, hashlib.sha256).digest()


def _sign(client_secret: str, nonce: str) -> str:
    return hmac.new(_key(client_secret), nonce.encode(), hashlib.sha256).hexdigest()


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def new_binding(client_secret: str) -> tuple[str, str]:
    """(cookie value, what to store with the state)."""
    nonce = secrets.token_urlsafe(32)
    return f"{nonce}.{_sign(client_secret, nonce)}", _digest(nonce)


def cookie_matches(client_secret: str, cookie: str | None, stored: object) -> bool:
    """The browser's cookie is one this host signed, for the nonce stored with the state."""
    if not cookie or not isinstance(stored, str):
        return False
    nonce, _, signature = cookie.partition(".")
    if not nonce or not hmac.compare_digest(signature.encode(), _sign(client_secret, nonce).encode()):
        return False
    return hmac.compare_digest(_digest(nonce).encode(), stored.encode())
