"""The host's HTTP endpoints, served by uvicorn (``intercom-connector serve``)."""

from .app import RedactQueryStrings, ServerRuntime, create_app

__all__ = ["RedactQueryStrings", "ServerRuntime", "create_app"]
