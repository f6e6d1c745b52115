"""The TLS context every Intercom client of the process shares.

Loading the CA bundle takes tens of milliseconds and is the same work for every client, so it
is done once. A command may start it early (``prepare``), on a thread, where it goes on while
the command imports the rest: CPython lets go of the GIL while OpenSSL reads the certificates.
"""

from __future__ import annotations

import ssl
import threading

_lock = threading.Lock()
_builder: threading.Thread | None = None
_context: ssl.SSLContext | None = None
_error: BaseException | None = None


def _build() -> None:
    global _context, _error
    try:
        import httpx  # its defaults: certifi's bundle, or SSL_CERT_FILE / SSL_CERT_DIR

        _context = httpx.create_ssl_context()
    except Exception as exc:  # raised to whoever asks for the context, as httpx would
        _error = exc


def prepare() -> None:
    """Start building the context on a thread, unless that has begun already."""
    global _builder
    with _lock:
        if _builder is None and _context is None:
            _builder = threading.Thread(target=_build, name="tls context", daemon=True)
            _builder.start()


def context() -> ssl.SSLContext:
    """The context, once built (here and now if nothing started it)."""
    with _lock:
        builder = _builder
        if builder is None and _context is None and _error is None:
            _build()
    if builder is not None:
        builder.join()
    if _context is None:
        raise _error or RuntimeError("the TLS context could not be built")
    return _context
