"""Intercom's webhook signature: ``X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>``.

The key is the app's client secret. The digest covers the bytes exactly as they arrived, so the
check runs before any parsing: a body that was decoded and re-encoded no longer matches.
"""

from __future__ import annotations

import hmac

SIGNATURE_HEADER = "X-Hub-Signature"
_PREFIX = "sha1="
_HEX_DIGITS = frozenset("0123456789abcdef")


class InvalidSignatureError(Exception):
    """The notification is unsigned, malformed or signed with another key: it is not Intercom's."""


def sign(body: bytes, secret: str) -> str:
    """The header value Intercom would send for ``body`` (tests and the sandbox sign with it)."""
    return _PREFIX + hmac.digest(secret.encode(), body, "sha1").hex()


def verify_signature(body: bytes, header: str | None, secret: str) -> None:
    """Raise InvalidSignatureError unless ``header`` is the signature of ``body`` under ``secret``."""
    if not secret:
        # An empty key would make anyone able to sign; refuse rather than accept everything.
        raise InvalidSignatureError("no client secret is configured to check signatures with")
    if not header:
        raise InvalidSignatureError(f"the {SIGNATURE_HEADER} header is missing")
    given = header.strip().lower()
    digest = given[len(_PREFIX):]
    if not given.startswith(_PREFIX) or len(digest) != 40 or not set(digest) <= _HEX_DIGITS:
        raise InvalidSignatureError(f"the {SIGNATURE_HEADER} header is not of the form sha1=<40 hex digits>")
    expected = sign(body, secret)
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise InvalidSignatureError("the signature does not match the body")
