"""A small runtime host, faithful to Appmixer's component contract: load, validate, run."""

from .bundle import Bundle, Component
from .context import CancelError, Context, InvalidTokenError, Message
from .runner import Emitted, Host, InvalidInputError, UnknownPortError
from .validate import Problem, validate_bundle, validate_package

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
