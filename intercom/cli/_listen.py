"""Checking a port and binding it before anything says it is serving: one line, exit 2."""

from __future__ import annotations

import errno
import socket
from typing import Any

import click

from ._common import fail


def port_option(default: int, help_text: str | None = None) -> Any:
    """``--port``: any whole number parses; one outside 1-65535 is the one-line exit-2 error."""

    def check(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
        if not 1 <= value <= 65535:
            fail(f"--port {value} is not a TCP port; give one from 1 to 65535", 2)
        return value

    return click.option("--port", type=int, default=default, show_default=True, callback=check,
                        help=help_text)


def listen_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, ready to hand to uvicorn; or the one-line exit-2 error."""
    where = f"{host}:{port}"
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else str(exc)
        fail(f"cannot listen on {where}: no such address ({reason}); give an address such as 127.0.0.1", 2)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: restarts rebind at once
        sock.bind(address)
    except OSError as exc:
        sock.close()
        fail(f"cannot listen on {where}: {_why(exc)}", 2)
    sock.set_inheritable(True)
    return sock


def _why(exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return "the port is in use; stop what uses it or pick another --port"
    if exc.errno == errno.EACCES:
        return "permission denied (ports below 1024 need privileges); pick another --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return "this machine has no such address; give one of its own, such as 127.0.0.1"
    return f"{exc.strerror or exc}; pick another --host or --port"
