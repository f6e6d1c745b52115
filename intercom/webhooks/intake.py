"""The HTTP side of webhooks: ``POST /webhooks/intercom`` (and the ``HEAD`` Intercom probes).

Order matters. The body is read under a size cap, its signature checked over the raw bytes,
then it is parsed, recorded in the inbox and answered; routing to triggers happens after the
answer, off the request (``on_accepted`` wakes the dispatcher), because Intercom counts any
answer slower than 5 seconds as a failure and retries only once.

Statuses: 200 accepted (also for duplicates, pings and workspaces nobody listens to), 400
malformed, 401 unsigned or forged, 413 too large. Never 410: Intercom would disable the
subscription for every workspace of the app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

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
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLargeError
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BodyTooLargeError
    return bytes(body)


class WebhookIntake:
    """Verifies, records and acknowledges deliveries; ``on_accepted`` starts the routing."""

    def __init__(
        self,
        secret: str,
        inbox: WebhookInbox,
        *,
        on_accepted: Callable[[], None] = lambda: None,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._secret = secret
        self.inbox = inbox
        self.on_accepted = on_accepted
        self.max_body_bytes = max_body_bytes

    def __repr__(self) -> str:  # never show the secret
        return f"WebhookIntake(max_body_bytes={self.max_body_bytes})"

    async def handle(self, request: Request) -> Response:
        if request.method == "HEAD":
            return Response(status_code=200)
        try:
            body = await read_capped(request, self.max_body_bytes)
        except BodyTooLargeError:
            self.inbox.count(UNVERIFIED_TOPIC, REJECTED)
            logger.warning("webhook refused: body larger than %d bytes", self.max_body_bytes)
            return _answer(413, "the body is too large")
        try:
            verify_signature(body, request.headers.get(SIGNATURE_HEADER), self._secret)
        except InvalidSignatureError as exc:
            self._count_rejected(body)
            logger.warning("webhook refused: %s", exc)
            return _answer(401, "invalid signature")
        try:
            notification = parse_notification(body)
        except MalformedNotificationError as exc:
            self._count_rejected(body)
            logger.warning("webhook refused: %s", exc)
            return _answer(400, "not an Intercom notification")
        if notification.is_ping:
            self.inbox.count(PING_TOPIC, ACCEPTED)
            logger.info("webhook ping from workspace %s", notification.app_id)
            return _answer(200, "pong")
        if self.inbox.accept(notification):
            self.on_accepted()
        else:
            logger.info("webhook %s %s is a duplicate; ignored", notification.topic, notification.dedupe_key)
        return _answer(200, "accepted")

    def _count_rejected(self, body: bytes) -> None:
        # A rejected body is not trusted, so only a topic we know may name its counter.
        topic = claimed_topic(body)
        known = topic is not None and (topic in TOPICS or topic == PING_TOPIC)
        self.inbox.count(topic if known else UNVERIFIED_TOPIC, REJECTED)


def _answer(status: int, message: str) -> Response:
    return JSONResponse({"status": message}, status_code=status)


def webhook_routes(intake: WebhookIntake, path: str = WEBHOOK_PATH) -> list[Route]:
    """The routes to mount in an ASGI app; everything else about webhooks happens behind them."""
    return [Route(path, intake.handle, methods=["POST", "HEAD"], name="intercom_webhooks")]
