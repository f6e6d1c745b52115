"""The host's HTTP endpoints, served by uvicorn (``intercom-connector serve``)."""

from .app import RedactQueryStrings, create_app
from .runtime import ServerRuntime

__all__ = ["RedactQueryStrings", "ServerRuntime", "create_app"]
