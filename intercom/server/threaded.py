"""Running an ASGI app with uvicorn in a background thread, on a loopback port."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def server_config(app: ASGIApp, host: str, port: int, *, lifespan: str = "off") -> uvicorn.Config:
    # No access log: request lines can carry OAuth codes and state values.
    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                          lifespan=lifespan, timeout_graceful_shutdown=1)


class _LocalServer:
    """What both ways of serving share: the bound loopback socket and the uvicorn server."""

    def __init__(self, app: ASGIApp, host: str, port: int, lifespan: str, name: str) -> None:
        self.app = app
        self.host = host
        self.requested_port = port
        self.lifespan = lifespan
        self.name = name
        self.port: int | None = None
        self._server: uvicorn.Server | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError(f"the {self.name} server is not running")
        return f"http://{self.host}:{self.port}"

    def _bind(self) -> tuple[socket.socket, uvicorn.Server]:
        # Bind first, so the port is known (and ours) before uvicorn serves it.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.requested_port))
        self.port = int(sock.getsockname()[1])
        self._server = uvicorn.Server(server_config(self.app, self.host, self.port, lifespan=self.lifespan))
        return sock, self._server


class ThreadedServer(_LocalServer):
    """``with ThreadedServer(app) as srv: srv.url`` serves until the block ends."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0, *,
                 lifespan: str = "off", name: str = "uvicorn") -> None:
        super().__init__(app, host, port, lifespan, name)
        self._thread: threading.Thread | None = None

    def start(self) -> ThreadedServer:
        if self._thread is not None:
            return self
        sock, server = self._bind()
        self._thread = threading.Thread(target=lambda: server.run(sockets=[sock]), name=self.name,
                                        daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the {self.name} server on {self.url} did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT)
        self._server = self._thread = None

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


class LoopServer(_LocalServer):
    """Serve an ASGI app as a task of the running event loop.

    For apps whose background work (webhook dispatch) must share the caller's loop:
    ``async with LoopServer(app) as srv: ... srv.url``.
    """

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0, *, lifespan: str = "on",
                 name: str = "uvicorn") -> None:
        super().__init__(app, host, port, lifespan, name)
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> LoopServer:
        sock, server = self._bind()
        self._task = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if self._task.done() or time.monotonic() > deadline:
                raise RuntimeError(f"the local server on {self.url} did not start")
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._task is not None:
            await asyncio.wait_for(self._task, STOP_TIMEOUT)
