"""Signed webhook delivery, the way Intercom's notification service does it.

Mutations call `emit()`, which freezes the notification (envelope, topic, fault decisions)
immediately and hands it to a background thread, so API responses never wait for the
receiver. Every attempt (and every deliberately dropped notification) lands in `log`.
"""

from __future__ import annotations

import json
import logging
import queue
import random
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

# The sandbox signs exactly as the connector verifies: one implementation of the scheme.
from intercom.webhooks.signature import SIGNATURE_HEADER, sign

from .clock import SandboxClock
from .config import SandboxConfig

logger = logging.getLogger("intercom_sandbox.webhooks")

USER_AGENT = "intercom-parrot-service-client/1.0"

# 410 disables the subscription and 429 throttles it: neither is retried right away.
_NO_RETRY_STATUSES = frozenset({410, 429})

_STOP = object()


def _redacted(url: str) -> str:
    """Scheme, host and path only: receivers sometimes put secrets in the query string."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}{':' + str(parts.port) if parts.port else ''}{parts.path}"


def encode(envelope: dict[str, Any]) -> bytes:
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class _Pending:
    envelope: dict[str, Any]
    copies: int


class WebhookDispatcher:
    """Queue plus delivery thread; one per sandbox store."""

    def __init__(self, config: SandboxConfig, clock: SandboxClock, app_id: str) -> None:
        self.url: str | None = config.webhook_url
        self.app_id = app_id
        self.log: list[dict[str, Any]] = []
        self._secret = config.client_secret
        self._timeout = config.webhook_timeout
        # Intercom retries a failed delivery once, about a minute later; the delay is configurable.
        self._retry_delay = config.webhook_retry_delay
        self._drop_rate = config.drop_webhook_rate
        self._duplicate_rate = config.duplicate_webhook_rate
        self._clock = clock
        # Separate stream from seeding and API faults, so adding a webhook never shifts ids.
        self._rng = random.Random(f"webhooks:{config.random_seed}")
        self._queue: queue.Queue[Any] = queue.Queue()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()
        self._closed = False
        self._closing = threading.Event()  # wakes a retry pause when the sandbox shuts down

    def set_url(self, url: str | None) -> None:
        self.url = url

    # ---- producing -------------------------------------------------------------------

    def emit(self, topic: str, item: dict[str, Any]) -> dict[str, Any] | None:
        """Build and queue one notification; returns its envelope (None when delivery is off)."""
        if not self.url or self._closed:
            return None
        now = self._clock.now()
        envelope = {
            "type": "notification_event",
            "app_id": self.app_id,
            "data": {"type": "notification_event_data", "item": item},
            "links": {},
            "id": f"notif_{uuid.UUID(int=self._rng.getrandbits(128), version=4)}",
            "topic": topic,
            "delivery_status": "pending",
            "delivery_attempts": 1,
            "delivered_at": 0,
            "first_sent_at": now,
            "created_at": now,
            "self": None,
        }
        # Decide faults at emit time so they follow request order, not thread timing.
        if self._rng.random() < self._drop_rate:
            self._record(envelope, url=self.url, dropped=True)
            logger.info("webhook %s %s dropped by fault injection", topic, envelope["id"])
            return envelope
        copies = 2 if self._rng.random() < self._duplicate_rate else 1
        self._ensure_thread()
        self._queue.put((self.url, _Pending(envelope, copies)))
        return envelope

    # ---- delivering ------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        with self._thread_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sandbox-webhooks", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        # trust_env=False: deliveries go straight to the receiver, never through a proxy.
        with httpx.Client(timeout=self._timeout, trust_env=False) as client:
            while True:
                job = self._queue.get()
                if job is _STOP:
                    return
                url, pending = job
                for copy in range(pending.copies):
                    self._deliver(client, url, pending.envelope, duplicate=copy > 0)

    def _deliver(self, client: httpx.Client, url: str, envelope: dict[str, Any], *, duplicate: bool) -> None:
        for attempt in (1, 2):
            envelope = {**envelope, "delivery_attempts": attempt}
            body = encode(envelope)
            status, error = self._post(client, url, body)
            self._record(envelope, url=url, body=body, status=status, error=error, duplicate=duplicate)
            if error is None and status is not None and (200 <= status < 300 or status in _NO_RETRY_STATUSES):
                return
            # No retry once shutting down: close() should not wait out the retry pause.
            if attempt == 2 or self._closing.wait(self._retry_delay):
                return

    def _post(self, client: httpx.Client, url: str, body: bytes) -> tuple[int | None, str | None]:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: sign(body, self._secret),
        }
        try:
            response = client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            logger.warning("webhook delivery to %s failed: %s", _redacted(url), type(exc).__name__)
            return None, type(exc).__name__
        return response.status_code, None

    def _record(
        self,
        envelope: dict[str, Any],
        *,
        url: str,
        body: bytes | None = None,
        status: int | None = None,
        error: str | None = None,
        dropped: bool = False,
        duplicate: bool = False,
    ) -> None:
        entry = {
            "id": envelope["id"],
            "topic": envelope["topic"],
            "url": url,
            "attempt": envelope["delivery_attempts"],
            "status_code": status,
            "error": error,
            "dropped": dropped,
            "duplicate": duplicate,
            "delivered": status is not None and 200 <= status < 300,
            "payload": envelope,
            "body": body,
            "at": time.time(),
        }
        with self._changed:
            self.log.append(entry)
            self._changed.notify_all()
        if not dropped:
            logger.info("webhook %s %s -> %s", envelope["topic"], envelope["id"], status or error)

    # ---- test helpers ----------------------------------------------------------------

    def wait_for(self, count: int, timeout: float = 5.0, *, topic: str | None = None) -> list[dict[str, Any]]:
        """Block until ``count`` sent attempts (optionally of one topic) are logged; return them."""
        deadline = time.monotonic() + timeout

        def matching() -> list[dict[str, Any]]:
            return [e for e in self.log if not e["dropped"] and (topic is None or e["topic"] == topic)]

        with self._changed:
            while len(found := matching()) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"expected {count} webhook deliveries, saw {len(found)}")
                self._changed.wait(remaining)
            return found

    def close(self, timeout: float = 5.0) -> None:
        """Finish queued deliveries (bounded by ``timeout``) and stop the thread."""
        self._closed = True
        self._closing.set()
        with self._thread_lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(timeout)
