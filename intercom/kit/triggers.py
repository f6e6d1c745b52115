"""Triggers, declared: which webhook topics an event arrives by, and how to search for it.

A webhook trigger's handler is one line::

    start, stop, receive = webhook_trigger(topics("conversation.admin.closed"))

and a trigger that can also poll names its search::

    start, stop, receive, tick = event_trigger(topics(...), feed=Feed(searched(...)))

``start`` registers the topics for the account's workspace (``context.add_listener``) and
``stop`` removes them; ``receive`` turns a notification into one message; ``tick`` polls when
the user chose polling, or catches up on notifications Intercom never delivered.

Every message is the event's record plus four fields: ``event_topic``, ``event_time`` (Unix
seconds), ``event_id`` (the notification id, null when found by searching) and
``event_source`` (``webhook``, ``poll`` or ``catch-up``).

Duplicates: the intake drops a notification id it already accepted, and the host's trigger
runtime delivers each notification to each trigger until that trigger's receive succeeded,
once. Every message carries the event's key (``send_json(..., key=...)``): the record's id when
catch-up may find the same creation, else the notification id. The host emits a key at most
once per trigger, which is the one duplicate filter for webhooks, polling and catch-up alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..client import InputError
from .calls import Handler
from .fields import unix_seconds
from .polling import Feed, Record, poll, searched, set_baseline

__all__ = [
    "Feed",
    "Topics",
    "choose",
    "contact_role_filter",
    "event_message",
    "event_trigger",
    "searched",
    "topics",
    "webhook_trigger",
]

# Property names shared by every trigger that can poll.
RECEIVE_BY, CATCH_UP, START_FROM = "receiveBy", "catchUp", "startFrom"
WEBHOOK, POLLING = "webhook", "polling"

# Intercom retries a failed delivery about a minute later; catch-up looks only at records older
# than this, so the retry normally arrives first.
CATCH_UP_GRACE = 5 * 60
CATCH_UP_EVERY = 15 * 60

Properties = dict[str, Any]
Accept = Callable[[Record, Properties], bool]


@dataclass(frozen=True)
class Topics:
    """The topics a trigger listens to, fixed or chosen by one select/multiselect property."""

    choices: Mapping[str, tuple[str, ...]]
    option: str | None = None
    default: str | list[str] | None = None

    def chosen(self, properties: Properties) -> tuple[str, ...]:
        if self.option is None:
            return self.choices[""]
        value = properties.get(self.option) or self.default
        picked = value if isinstance(value, list) else [value]
        return _unique(t for choice in picked for t in self.choices.get(str(choice), ()))

    def all(self) -> tuple[str, ...]:
        return _unique(t for names in self.choices.values() for t in names)


def topics(*names: str) -> Topics:
    return Topics({"": names})


def choose(
    option: str, choices: Mapping[str, tuple[str, ...]], *, default: str | list[str] | None = None
) -> Topics:
    """Topics picked by the property ``option``; a list value (multiselect) takes the union."""
    return Topics(dict(choices), option, default)


def contact_role_filter(properties: Properties) -> list[dict[str, Any]]:
    """The search filter for a trigger's ``contactType`` option (user, lead or both)."""
    chosen = properties.get("contactType") or "both"
    return [] if chosen == "both" else [{"field": "role", "operator": "=", "value": chosen}]


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def event_message(item: Record, *, topic: str | None, time: Any, event_id: str | None, source: str) -> Record:
    return {**item, "event_topic": topic, "event_time": time, "event_id": event_id, "event_source": source}


@dataclass(frozen=True)
class EventTrigger:
    topics: Topics
    feed: Feed | None = None
    accept: Accept | None = None

    # -- options ----------------------------------------------------------------------------

    def polls(self, properties: Properties) -> bool:
        return self.feed is not None and properties.get(RECEIVE_BY) == POLLING

    def catches_up(self, properties: Properties) -> bool:
        # Only a search for creations finds the event itself (an update search finds states).
        can = self.feed is not None and self.feed.finds_creations
        return can and not self.polls(properties) and properties.get(CATCH_UP, True) is not False

    # -- handler functions ------------------------------------------------------------------

    async def start(self, context: Any) -> None:
        props = context.properties
        if not self.polls(props):
            for topic in self.topics.chosen(props):
                await context.add_listener(topic)
        if self.polls(props) or self.catches_up(props):
            try:
                start_from = unix_seconds(props.get(START_FROM), START_FROM)
            except InputError as exc:
                raise context.CancelError(str(exc)) from None
            await set_baseline(context, start_from)

    async def stop(self, context: Any) -> None:
        if not self.polls(context.properties):
            for topic in self.topics.all():  # whatever the options were when it started
                await context.remove_listener(topic)
        await context.state_clear()

    async def receive(self, context: Any) -> None:
        message = context.messages.get("webhook")
        if message is None:
            return
        props = context.properties
        note = message.content.get("data") or {}
        topic = note.get("topic")
        item = (note.get("data") or {}).get("item")
        if topic not in self.topics.chosen(props) or not isinstance(item, dict):
            return
        if self.accept is not None and not self.accept(item, props):
            return
        note_id = note.get("id")
        out = event_message(item, topic=topic, time=note.get("created_at"), event_id=note_id, source=WEBHOOK)
        await context.send_json(out, key=self._webhook_key(props, item, note_id))

    def _webhook_key(self, props: Properties, item: Record, note_id: Any) -> str | None:
        # A creation catch-up may also find is keyed by the record, so either way emits it once.
        if self.feed is not None and self.catches_up(props):
            return self.feed.key_of(item)
        return str(note_id) if note_id else None

    async def tick(self, context: Any) -> None:
        props = context.properties
        if self.feed is None:
            return
        if self.polls(props):
            await poll(context, self.feed, self._sender(context, "poll"), upto=context.now())
        elif self.catches_up(props):
            await poll(
                context,
                self.feed,
                self._sender(context, "catch-up"),
                upto=context.now() - CATCH_UP_GRACE,
                every=CATCH_UP_EVERY,
            )

    def _sender(self, context: Any, source: str) -> Callable[[Record], Awaitable[None]]:
        assert self.feed is not None
        feed = self.feed

        async def send(record: Record) -> None:
            if self.accept is not None and not self.accept(record, context.properties):
                return
            out = event_message(
                record, topic=feed.topic(record), time=feed.when(record), event_id=None, source=source
            )
            await context.send_json(out, key=feed.key_of(record))

        return send


def webhook_trigger(topics: Topics, *, accept: Accept | None = None) -> tuple[Handler, Handler, Handler]:
    """``start, stop, receive`` of a trigger that only webhooks can bring."""
    trigger = EventTrigger(topics, accept=accept)
    return trigger.start, trigger.stop, trigger.receive


def event_trigger(
    topics: Topics, *, feed: Feed, accept: Accept | None = None
) -> tuple[Handler, Handler, Handler, Handler]:
    """``start, stop, receive, tick`` of a trigger the user may also have poll by searching."""
    trigger = EventTrigger(topics, feed=feed, accept=accept)
    return trigger.start, trigger.stop, trigger.receive, trigger.tick
