"""One error hierarchy for everything the Intercom client can raise.

    IntercomError
    ├── InputError                  bad input, caught before any HTTP request
    ├── APIConnectionError          no usable answer from Intercom
    │   ├── APITimeoutError
    │   └── InvalidResponseError    a 2xx whose body is not the JSON the call expects
    │       └── ResponseTooLargeError
    └── APIError                    Intercom answered with a non-2xx status
        ├── BadRequestError             400
        ├── AuthenticationError         401 (reconnect the account)
        ├── PermissionDeniedError       403 (plan or app permissions)
        ├── NotFoundError               404
        ├── ConflictError               409 (e.g. the contact already exists)
        ├── UnprocessableEntityError    422
        ├── RateLimitError              429
        └── ServerError                 5xx

Each APIError carries the HTTP status, Intercom's error code(s), message, offending field and
request id, parsed once from Intercom's ``error.list`` body. ``retryable`` says whether trying
again later can help, so callers (and the runtime) check one attribute.
"""

from __future__ import annotations

import re
import socket
import ssl
from dataclasses import dataclass
from typing import Any

import httpx


class IntercomError(Exception):
    """Root of every error raised by this package's Intercom client."""

    retryable: bool = False


class InputError(IntercomError):
    """The caller's input cannot be sent to Intercom; says which field and how to fix it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class APIConnectionError(IntercomError):
    """Intercom could not be reached, or the connection broke before an answer came."""

    retryable = True

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        self.request = request
        super().__init__(message)


class APITimeoutError(APIConnectionError):
    """Intercom did not answer within the timeout."""


class InvalidResponseError(APIConnectionError):
    """A success status with a body that cannot be the answer (HTML, truncated, wrong shape).

    Never taken as data: a listing that met one on page 2 must fail, not end early.
    """


class ResponseTooLargeError(InvalidResponseError):
    """The (decoded) answer is larger than the client's cap; reading stopped at the cap."""


@dataclass(frozen=True)
class ErrorDetail:
    code: str
    message: str | None = None
    field: str | None = None


class APIError(IntercomError):
    """Intercom answered with an error status."""

    def __init__(
        self,
        status: int,
        errors: list[ErrorDetail],
        *,
        request_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
        body: Any = None,
        headers: httpx.Headers | None = None,
    ) -> None:
        self.status = status
        self.errors = errors
        self.request_id = request_id
        self.method = method
        self.path = path
        self.body = body
        self.headers = headers or httpx.Headers()
        first = errors[0] if errors else ErrorDetail(code="unknown")
        self.code = first.code
        self.codes = [e.code for e in errors]
        self.message = first.message or httpx.codes.get_reason_phrase(status) or "error"
        self.field = first.field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" on {self.method} {self.path}" if self.method and self.path else ""
        field = f" (field: {self.field})" if self.field else ""
        rid = f" [request id {self.request_id}]" if self.request_id else ""
        return f"Intercom {self.status} {self.code}{where}: {self.message}{field}{rid}"


class BadRequestError(APIError):
    pass


class AuthenticationError(APIError):
    """The token is missing, invalid or revoked: the account must be connected again."""


class PermissionDeniedError(APIError):
    pass


class NotFoundError(APIError):
    pass


class ConflictError(APIError):
    """409: e.g. a contact with that email or external ID exists ("... already exists with id=...")."""

    @property
    def existing_id(self) -> str | None:
        """The id of the record that is already there, when Intercom's message names it."""
        for detail in self.errors:
            found = _EXISTING_ID.search(detail.message or "")
            if found:
                return found.group(1)
        return None


_EXISTING_ID = re.compile(r"\bid=([0-9A-Za-z_-]+)")


class UnprocessableEntityError(APIError):
    pass


class RateLimitError(APIError):
    retryable = True


class ServerError(APIError):
    retryable = True


_STATUS_CLASSES: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def parse_error_body(body: Any) -> tuple[list[ErrorDetail], str | None]:
    """Read Intercom's ``error.list`` envelope; tolerate the odd shapes seen in the wild."""
    if not isinstance(body, dict):
        return [], None
    request_id = body.get("request_id")
    raw = body.get("errors")
    details: list[ErrorDetail] = []
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict):
                details.append(
                    ErrorDetail(
                        code=str(item.get("code") or "unknown"),
                        message=item.get("message"),
                        field=item.get("field"),
                    )
                )
    elif "message" in body:  # e.g. {"type": "error", "message": "..."}
        details.append(ErrorDetail(code=str(body.get("code") or "unknown"), message=body["message"]))
    return details, request_id if isinstance(request_id, str) else None


def error_from_response(response: httpx.Response) -> APIError:
    """Build the one APIError subclass that matches the response's status."""
    try:
        body: Any = response.json()
    except (ValueError, RecursionError):
        body = response.text or None
    details, request_id = parse_error_body(body)
    if not details:
        details = [ErrorDetail(code=httpx.codes.get_reason_phrase(response.status_code).lower()
                               .replace(" ", "_") or "unknown")]
    request_id = request_id or response.headers.get("x-request-id")
    status = response.status_code
    cls = _STATUS_CLASSES.get(status) or (ServerError if status >= 500 else APIError)
    return cls(
        status,
        details,
        request_id=request_id,
        method=response.request.method,
        path=response.request.url.path,
        body=body,
        headers=response.headers,
    )


# -- why a request got no answer -------------------------------------------------------------
#
# httpx wraps the operating system's error (DNS, refused, TLS) a few levels down; the user
# needs that real cause, the host it concerns and what to do, in one line.

_DNS_TEMPORARY = {socket.EAI_AGAIN}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class ConnectionCause:
    """What stopped a request, in words: ``summary`` names the host, ``advice`` what to do."""

    kind: str  # dns, refused, tls, timeout, disconnected, proxy, other
    summary: str
    advice: str
    # False when the same request cannot succeed a second later (a name that does not exist,
    # a certificate that is not trusted): retrying would only keep the user waiting.
    retry_can_help: bool = True


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    node: BaseException | None = exc
    while node is not None and node not in seen:
        seen.append(node)
        node = node.__cause__ or node.__context__
    return seen


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.host}{port}"


def connection_cause(exc: BaseException, url: httpx.URL, *,
                     base_url_hint: str | None = None) -> ConnectionCause:
    """Classify a transport failure.

    ``base_url_hint`` names where a custom base URL was set (``INTERCOM_BASE_URL``, a
    connection's ``baseUrl``); None means Intercom's own regional host, where the network, not
    a typo, is the likely culprit.
    """
    host, origin = url.host, _origin(url)
    custom = base_url_hint is not None
    if isinstance(exc, httpx.ConnectTimeout):
        return ConnectionCause("timeout", f"{origin} did not accept a connection in time",
                               "check your network or proxy, then try again")
    if isinstance(exc, httpx.TimeoutException):
        return ConnectionCause("timeout", f"{origin} did not answer in time", "try again later")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return ConnectionCause("base-url", f"{url.scheme or '(none)'}:// is not a scheme Intercom speaks",
                               f"give an http(s) base URL in {base_url_hint or 'the base URL'}",
                               retry_can_help=False)
    if isinstance(exc, httpx.ProxyError):
        return ConnectionCause("proxy", f"the proxy refused the connection to {origin} ({exc})",
                               "check HTTPS_PROXY / HTTP_PROXY")
    for node in _chain(exc):
        if isinstance(node, socket.gaierror):
            temporary = node.errno in _DNS_TEMPORARY
            return ConnectionCause(
                "dns",
                f"the name {host} could not be resolved (DNS{': temporary failure' if temporary else ''})",
                f"check the host name in {base_url_hint}" if custom and not temporary
                else "check your network connection and DNS",
                retry_can_help=temporary,
            )
        if isinstance(node, ConnectionRefusedError):
            if host in _LOOPBACK:
                advice = (f"check the port in {base_url_hint or 'the base URL'}; is the sandbox running "
                          "(`intercom-connector sandbox`)?")
            elif custom:
                advice = f"check the host and port in {base_url_hint}, or a firewall or proxy"
            else:
                advice = "check your network, firewall or proxy"
            return ConnectionCause("refused", f"{origin} refused the connection", advice)
        if isinstance(node, ssl.SSLError):
            reason = getattr(node, "reason", None) or type(node).__name__
            if isinstance(node, ssl.SSLCertVerificationError):
                reason = getattr(node, "verify_message", None) or reason
            if reason == "WRONG_VERSION_NUMBER":
                advice = f"{origin} does not speak TLS: use http:// rather than https:// in " \
                         f"{base_url_hint or 'the base URL'}"
            elif custom:
                advice = f"check the host in {base_url_hint}, or a proxy that intercepts TLS (SSL_CERT_FILE)"
            else:
                advice = "a proxy may be intercepting TLS: trust its certificate with SSL_CERT_FILE"
            return ConnectionCause("tls", f"the TLS handshake with {origin} failed ({reason})", advice,
                                   retry_can_help=False)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return ConnectionCause("disconnected", f"{origin} closed the connection without a full answer",
                               "try again later")
    detail = str(exc) or type(exc).__name__
    return ConnectionCause("other", f"could not reach Intercom at {origin} ({detail})",
                           "check your network, then try again")


def connection_error(exc: BaseException, method: str, url: httpx.URL, *,
                     base_url_hint: str | None = None) -> APIConnectionError:
    """The one-line error a user sees when ``method url`` got no answer."""
    cause = connection_cause(exc, url, base_url_hint=base_url_hint)
    message = f"{cause.summary} for {method} {url.path}; {cause.advice}"
    if cause.kind == "timeout":
        return APITimeoutError(message)
    return APIConnectionError(message)
