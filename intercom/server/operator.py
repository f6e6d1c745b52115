"""Who may start connecting an account through ``serve``.

On loopback only the machine's own users reach ``/auth/intercom/start``. Once ``serve`` listens
on another address, or sits behind a public URL (a tunnel, a load balancer), anyone who can
reach it could connect their own workspace; there it asks for the operator's password (HTTP
Basic, any user name), set in ``INTERCOM_CONNECTOR_OPERATOR_PASSWORD``. Without one, starting a
connection there is off.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
from urllib.parse import urlsplit

from starlette.requests import Request

OPERATOR_PASSWORD_ENV = "INTERCOM_CONNECTOR_OPERATOR_PASSWORD"
REALM = "intercom-connector operator"


def _loopback(host: str | None) -> bool:
    if not host:
        return True
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def network_exposed(bind_host: str, public_url: str | None = None) -> bool:
    """True when others than this machine's users can reach the server."""
    if not _loopback(bind_host):
        return True
    return bool(public_url) and not _loopback(urlsplit(public_url).hostname)


def operator_allowed(request: Request, password: str) -> bool:
    """The request carries HTTP Basic credentials whose password is ``password``."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return False
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    _user, _, given = decoded.partition(":")
    return hmac.compare_digest(given.encode(), password.encode())
