"""Intercom's `error.list` envelope and the exception routes raise to produce it."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.responses import JSONResponse


class ApiError(Exception):
    """An API failure that the sandbox answers with an `error.list` body."""

    def __init__(self, status: int, code: str, message: str | None = None, field: str | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.field = field


def not_found(message: str = "Resource Not Found", code: str = "not_found") -> ApiError:
    return ApiError(404, code, message)


def invalid(message: str, field: str | None = None, code: str = "parameter_invalid") -> ApiError:
    return ApiError(400, code, message, field)


def missing(field: str, message: str | None = None) -> ApiError:
    return ApiError(400, "parameter_not_found", message or f"{field} is a required parameter.", field)


def new_request_id() -> str:
    return str(uuid.uuid4())


def error_body(
    request_id: str | None, code: str, message: str | None = None, field: str | None = None
) -> dict:
    error: dict[str, Any] = {"code": code}
    if message is not None:
        error["message"] = message
    if field is not None:
        error["field"] = field
    return {"type": "error.list", "request_id": request_id, "errors": [error]}


def error_response(
    status: int,
    code: str,
    message: str | None = None,
    *,
    request_id: str | None = None,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(request_id, code, message, field), status_code=status, headers=headers)
