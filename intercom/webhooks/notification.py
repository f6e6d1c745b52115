"""The notification envelope Intercom posts for every topic, parsed and checked once."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import bounded_json
from .topics import PING_TOPIC

# 9999-12-31T23:59:59Z: no later instant can be shown as a date, so none is a real event time.
MAX_TIMESTAMP = 253_402_300_799


class MalformedNotificationError(Exception):
    """The signed body is not a notification we can route (bad JSON or missing fields)."""


class NotificationData(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str | None = None
    item: dict[str, Any]


class Notification(BaseModel):
    """One delivery: which workspace (``app_id``), what happened (``topic``) and the record."""

    model_config = ConfigDict(extra="allow")

    type: Literal["notification_event"]
    id: str | None = None
    topic: str = Field(min_length=1)
    app_id: str = Field(min_length=1)
    created_at: int = Field(ge=0, le=MAX_TIMESTAMP)
    delivery_attempts: int | None = None
    first_sent_at: int | None = None
    data: NotificationData

    @property
    def item(self) -> dict[str, Any]:
        return self.data.item

    @property
    def is_ping(self) -> bool:
        return self.topic == PING_TOPIC

    @property
    def dedupe_key(self) -> str:
        """The notification id; redeliveries of one event share it.

        Only pings are documented to come without one. Should another topic ever arrive without
        an id, the event's own coordinates stand in, so it is still delivered once.
        """
        if self.id:
            return self.id
        item_id = self.item.get("id")
        return f"{self.topic}:{self.app_id}:{self.created_at}:{item_id}"

    def as_message(self) -> dict[str, Any]:
        """The envelope as JSON data, for ``context.messages["webhook"].content["data"]``."""
        return self.model_dump(mode="json")


def stored_message(body: str) -> dict[str, Any]:
    """``as_message()`` of a notification the inbox stored (its ``model_dump_json``): the same
    data, read back without validating again what was validated when it arrived."""
    message = json.loads(body)
    if not isinstance(message, dict):
        raise ValueError("a stored notification is not a JSON object")
    return message


def load_json(body: bytes) -> Any:
    """Strict, bounded JSON; ValueError for anything that is not plain JSON of a sane shape."""
    return bounded_json.loads(body)


def parse_notification(body: bytes) -> Notification:
    try:
        raw = load_json(body)
    except ValueError as exc:
        raise MalformedNotificationError(f"the body cannot be read: {_short(str(exc))}") from None
    try:
        return Notification.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(body)'}: {err['msg']}" for err in exc.errors()
        )
        raise MalformedNotificationError(f"not an Intercom notification ({_short(problems)})") from None


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def claimed_topic(body: bytes) -> str | None:
    """The topic a body says it is about, without trusting it: only for counting rejections."""
    try:
        raw = load_json(body)
    except ValueError:
        return None
    topic = raw.get("topic") if isinstance(raw, dict) else None
    return topic if isinstance(topic, str) else None
