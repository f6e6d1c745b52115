"""Fixtures for the sandbox tests: in-process clients over ASGITransport, a webhook receiver."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sandbox_helpers import API_HEADERS, ReceivedRequest, Sandbox, SandboxFactory, WebhookReceiver

from intercom_sandbox import SandboxConfig, create_app


@pytest.fixture
async def make_sandbox() -> AsyncIterator[SandboxFactory]:
    """Build sandboxes with any `SandboxConfig` fields; everything is closed afterwards."""
    opened: list[Sandbox] = []

    async def factory(**config: Any) -> Sandbox:
        app = create_app(SandboxConfig(**config))
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test", headers=API_HEADERS
        )
        sandbox = Sandbox(client, app.state.sandbox)
        opened.append(sandbox)
        return sandbox

    yield factory
    for sandbox in opened:
        await sandbox.client.aclose()
        sandbox.store.close()


@pytest.fixture
async def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return await make_sandbox()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            if receiver.delay:
                time.sleep(receiver.delay)
            receiver.requests.append(ReceivedRequest(self.path, dict(self.headers.items()), body))
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output quiet

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/intercom"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()
