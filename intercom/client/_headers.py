"""Which request headers a caller may set, checked before anything is sent."""

from __future__ import annotations

from collections.abc import Mapping

from ._errors import InputError

# Set by the client itself: letting a flow override them could leak or mislabel the token.
RESERVED_HEADERS = frozenset({"authorization", "intercom-version", "user-agent"})
# Framing: how the request is delimited on the wire. A caller's value here would desynchronise
# the request from its body (request smuggling through a proxy) or hijack the connection.
FRAMING_HEADERS = frozenset({
    "host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te",
    "trailer", "expect", "proxy-connection", "proxy-authorization", "http2-settings",
})
_CONTROL = frozenset(chr(c) for c in range(32)) | {"\x7f"}
_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def control_character(text: str) -> str | None:
    """The first control character (NUL, CR, LF, ...) in ``text``, or None. Tab counts too."""
    return next((c for c in text if c in _CONTROL), None)


def check_request_headers(headers: Mapping[str, object] | None) -> None:
    """Refuse reserved and framing headers, and names or values that could inject another line."""
    for name, value in (headers or {}).items():
        label = f"headers: {_short(str(name))}"
        if not isinstance(name, str) or not name or not set(name) <= _TOKEN_CHARS:
            raise InputError(label, "is not a header name (letters, digits and -, no spaces or line breaks)")
        lowered = name.lower()
        if lowered in RESERVED_HEADERS:
            raise InputError(label, "is set by the connector for every call; remove it")
        if lowered in FRAMING_HEADERS:
            raise InputError(label, "controls how the request is framed on the wire, so it cannot be set; "
                                    "remove it")
        if not isinstance(value, str):
            raise InputError(label, "must be text")
        bad = control_character(value.replace("\t", ""))
        if bad is not None:
            raise InputError(label, f"holds the control character {bad!r}, which would end the header; "
                                    "remove it")
        if not value.isascii():
            raise InputError(label, "must be ASCII text (HTTP header values are)")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
