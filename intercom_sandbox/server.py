"""Serving the sandbox over real sockets: in a background thread (tests, demos) or blocking (CLI)."""

from __future__ import annotations

import logging
from types import TracebackType

import uvicorn

from intercom.server.threaded import ThreadedServer, server_config

from .app import create_app
from .config import SandboxConfig
from .store import SandboxStore

logger = logging.getLogger("intercom_sandbox")


class SandboxServer:
    """The sandbox on a free loopback port, served by uvicorn in a daemon thread.

    Use as a context manager; `base_url` is valid once entered.
    """

    def __init__(
        self, config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.config = config or SandboxConfig()
        self.app = create_app(self.config)
        self.store: SandboxStore = self.app.state.sandbox
        self._server = ThreadedServer(self.app, host, port, lifespan="on", name="intercom-sandbox")

    @property
    def base_url(self) -> str:
        return self._server.url

    @property
    def port(self) -> int | None:
        return self._server.port

    def start(self) -> SandboxServer:
        self._server.start()
        logger.info("Intercom sandbox listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        self._server.stop()
        self.store.close()

    def set_webhook_url(self, url: str | None) -> None:
        """Point notifications somewhere else (or nowhere) while running."""
        self.store.webhooks.set_url(url)

    def wait_for_webhooks(self, count: int, timeout: float = 5.0, *, topic: str | None = None) -> list[dict]:
        """Block until ``count`` delivery attempts are logged; see `WebhookDispatcher.wait_for`."""
        return self.store.webhooks.wait_for(count, timeout, topic=topic)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def run_sandbox(host: str = "127.0.0.1", port: int = 8765, config: SandboxConfig | None = None) -> None:
    """Serve the sandbox in the foreground until interrupted (Ctrl-C)."""
    config = config or SandboxConfig()
    app = create_app(config)
    store: SandboxStore = app.state.sandbox
    logger.info(
        "Intercom sandbox on http://%s:%d (seed=%d, app_id=%s)", host, port, config.seed, store.app["id_code"]
    )
    try:
        uvicorn.Server(server_config(app, host, port, lifespan="on")).run()
    except KeyboardInterrupt:
        # uvicorn re-raises Ctrl-C after its graceful shutdown; for a CLI that is a normal exit.
        pass
    finally:
        store.close()
