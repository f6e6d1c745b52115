"""One error hierarchy for everything the Intercom client can raise.

    IntercomError
    ├── InputError                  bad input, caught before any HTTP request
    ├── APIConnectionError          no usable answer from Intercom
    │   └── APITimeoutError
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
    pass


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
    except ValueError:
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
