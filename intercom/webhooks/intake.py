"""The HTTP side of webhooks: ``POST /webhooks/intercom`` (and the ``HEAD`` Intercom probes).

Order matters. The body is read under a size cap, its signature checked over the raw bytes,
then it is parsed, recorded in the inbox and answered; routing to triggers happens after the
answer, off the request (``on_accepted`` wakes the dispatcher), because Intercom counts any
answer slower than 5 seconds as a failure and retries only once.

Statuses: 200 accepted (also for duplicates, pings and workspaces nobody listens to), 400
malformed or older than the duplicate window (a replay), 401 unsigned or forged, 413 too large.
Nothing a client sends gets a 5xx. Never 410: Intercom would disable the subscription for every
workspace of the app.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..storage import StoreError
from .inbox import ACCEPTED, REJECTED, UNVERIFIED_TOPIC, WebhookInbox
from .notification import PING_TOPIC, MalformedNotificationError, claimed_topic, parse_notification
from .signature import SIGNATURE_HEADER, InvalidSignatureError, verify_signature
from .topics import TOPICS

logger = logging.getLogger("intercom.webhooks")

WEBHOOK_PATH = "/webhooks/intercom"
# Far above any notification seen (a conversation item carries at most its 500 newest parts).
MAX_BODY_BYTES = 5 * 1024 * 1024


class BodyTooLargeError(Exception):
    pass


async def read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    # ASCII digits only, and no int() of a 5,000-digit value: anything longer is too large anyway.
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
        raise BodyTooLargeError
    # The ASGI messages read as they come: ``request.stream()`` would cost an async generator
    # (and the loop's bookkeeping of it) per delivery for what is nearly always one message.
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLargeError
        if not message.get("more_body", False):
            return b"".join((*chunks, chunk)) if chunks else chunk
        chunks.append(chunk)


class WebhookIntake:
    """Verifies, records and acknowledges deliveries; ``on_accepted`` starts the routing."""

    def __init__(
        self,
        secret: str,
        inbox: WebhookInbox,
        *,
        on_accepted: Callable[[], None] = lambda: None,
        max_body_bytes: int = MAX_BODY_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._secret = secret
        self.inbox = inbox
        self.on_accepted = on_accepted
        self.max_body_bytes = max_body_bytes
        self.clock = clock

    def __repr__(self) -> str:  # never show the secret
        return f"WebhookIntake(max_body_bytes={self.max_body_bytes})"

    async def handle(self, request: Request) -> Response:
        if request.method == "HEAD":
            return Response(status_code=200)
        try:
            body = await read_capped(request, self.max_body_bytes)
        except BodyTooLargeError:
            await self.inbox.count(UNVERIFIED_TOPIC, REJECTED)
            logger.warning("webhook refused: body larger than %d bytes", self.max_body_bytes)
            return _answer(413, "the body is too large")
        try:
            verify_signature(body, request.headers.get(SIGNATURE_HEADER), self._secret)
        except InvalidSignatureError as exc:
            await self._count_rejected(body)
            logger.warning("webhook refused: %s", exc)
            return _answer(401, "invalid signature")
        try:
            notification = parse_notification(body)
        except MalformedNotificationError as exc:
            await self._count_rejected(body)
            logger.warning("webhook refused: %s", exc)
            return _answer(400, "not an Intercom notification")
        if notification.is_ping:
            await self.inbox.count(PING_TOPIC, ACCEPTED)
            logger.info("webhook ping from workspace %s", notification.app_id)
            return _answer(200, "pong")
        if notification.created_at < self.clock() - self.inbox.window_seconds:
            # Its id may have left the duplicate filter: emitting it again would repeat an old
            # event. Intercom itself redelivers within minutes, so only a replay is this old.
            await self.inbox.count(notification.topic, REJECTED)
            logger.warning("webhook refused: %s %s was created at %d, before the duplicate window",
                           notification.topic, notification.dedupe_key, notification.created_at)
            return _answer(400, "notification is older than the duplicate window")
        try:
            fresh = await self.inbox.accept(notification)
        except StoreError as exc:
            # Not stored, so not acknowledged: Intercom delivers it again later.
            logger.error("webhook %s %s not stored: %s", notification.topic, notification.dedupe_key, exc)
            return _answer(503, "the store is unavailable; deliver again later")
        if fresh:
            self.on_accepted()
        else:
            logger.info("webhook %s %s is a duplicate; ignored", notification.topic, notification.dedupe_key)
        return _answer(200, "accepted")

    async def _count_rejected(self, body: bytes) -> None:
        # A rejected body is not trusted, so only a topic we know may name its counter.
        topic = claimed_topic(body)
        known = topic is not None and (topic in TOPICS or topic == PING_TOPIC)
        await self.inbox.count(topic if known else UNVERIFIED_TOPIC, REJECTED)


@functools.cache
def _answer(status: int, message: str) -> Response:
    # A handful of fixed answers, rendered once: a response is only read when it is sent.
    return JSONResponse({"status": message}, status_code=status)


def webhook_routes(intake: WebhookIntake, path: str = WEBHOOK_PATH) -> list[Route]:
    """The routes to mount in an ASGI app; everything else about webhooks happens behind them."""
    return [Route(path, intake.handle, methods=["POST", "HEAD"], name="intercom_webhooks")]
