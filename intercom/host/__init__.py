"""A small runtime host, faithful to Appmixer's component contract: load, validate, run.

Names are imported from their submodule on first use, so what needs only the bundle (the
``components`` command) loads neither the runner, the HTTP client nor jsonschema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_SUBMODULE = {
    "Bundle": "bundle",
    "Component": "bundle",
    "CancelError": "context",
    "Context": "context",
    "InvalidTokenError": "context",
    "Message": "context",
    "Emitted": "runner",
    "Host": "runner",
    "InvalidInputError": "runner",
    "UnknownPortError": "runner",
    "Problem": "validate",
    "validate_bundle": "validate",
    "validate_package": "validate",
}

__all__ = [
    "Bundle",
    "CancelError",
    "Component",
    "Context",
    "Emitted",
    "Host",
    "InvalidInputError",
    "InvalidTokenError",
    "Message",
    "Problem",
    "UnknownPortError",
    "validate_bundle",
    "validate_package",
]


def __getattr__(name: str) -> Any:
    submodule = _SUBMODULE.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{submodule}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .bundle import Bundle, Component
    from .context import CancelError, Context, InvalidTokenError, Message
    from .runner import Emitted, Host, InvalidInputError, UnknownPortError
    from .validate import Problem, validate_bundle, validate_package
