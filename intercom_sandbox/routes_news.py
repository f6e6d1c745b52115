"""News: news items (CRUD; going live delivers them to every contact) and newsfeeds."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.routing import Route

from . import content as c
from .endpoint import Call, endpoint
from .errors import invalid, missing
from .pagination import SortOrder

NEWS_PER_PAGE = 50
# Intercom offers at most four reactions under a news item.
MAX_REACTIONS = 4


def _strings(body: dict[str, Any], name: str, *, nullable: bool = False) -> list[Any]:
    value = body.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) or (nullable and v is None) for v in value):
        raise invalid(f"{name} must be a list of strings", name)
    return list(value)


def _assignments(call: Call, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(a, dict) for a in value):
        raise invalid("newsfeed_assignments must be a list of objects", "newsfeed_assignments")
    out = []
    for assignment in value:
        feed = c.get_newsfeed(call.store, c.whole_number(assignment.get("newsfeed_id"), "newsfeed_id"))
        published = assignment.get("published_at")
        if published is not None:
            published = c.whole_number(published, "published_at")
        out.append({"newsfeed_id": int(feed["id"]), "published_at": published})
    return out


def _news_fields(call: Call) -> dict[str, Any]:
    # 2.10 asks for title and sender_id on update as well as on create.
    body = call.json()
    title = c.text_field(body, "title", required=True)
    assert title is not None
    if body.get("sender_id") is None:
        raise missing("sender_id")
    sender = c.admin_id(call.store, body["sender_id"], "sender_id")
    fields: dict[str, Any] = {"title": title, "sender_id": sender}
    text = c.text_field(body, "body")
    if text is not None:
        fields["body"] = text
    if body.get("state") is not None:
        fields["state"] = c.one_of(body["state"], c.NEWS_STATES, "state")
    if body.get("deliver_silently") is not None:
        if not isinstance(body["deliver_silently"], bool):
            raise invalid("deliver_silently must be a boolean", "deliver_silently")
        fields["deliver_silently"] = body["deliver_silently"]
    if body.get("labels") is not None:
        fields["labels"] = _strings(body, "labels")
    if body.get("reactions") is not None:
        fields["reactions"] = _strings(body, "reactions", nullable=True)
        if len(fields["reactions"]) > MAX_REACTIONS:
            raise invalid(f"reactions takes at most {MAX_REACTIONS} emoji", "reactions")
    if body.get("newsfeed_assignments") is not None:
        fields["newsfeed_assignments"] = _assignments(call, body["newsfeed_assignments"])
    return fields


def _live_now(call: Call, fields: dict[str, Any]) -> None:
    # Going live publishes every assignment that has no date yet.
    if fields.get("state") == "live":
        for assignment in fields.get("newsfeed_assignments", []):
            if assignment["published_at"] is None:
                assignment["published_at"] = call.store.now()


def _newest_first(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return SortOrder(lambda r: r["created_at"], descending=True).sort(records)


def _page(call: Call, records: list[dict[str, Any]], render: Any) -> dict[str, Any]:
    return c.numbered_page(call, records, render, NEWS_PER_PAGE)


@endpoint
def list_news_items(call: Call) -> dict[str, Any]:
    items = _newest_first(list(call.store.content.news_items.values()))
    return _page(call, items, partial(c.render_news_item, call.store))


@endpoint
def create_news_item(call: Call) -> dict[str, Any]:
    fields = _news_fields(call)
    _live_now(call, fields)
    return c.render_news_item(call.store, c.add_news_item(call.store, fields))


@endpoint
def retrieve_news_item(call: Call) -> dict[str, Any]:
    return c.render_news_item(call.store, c.get_news_item(call.store, call.path("id")))


@endpoint
def update_news_item(call: Call) -> dict[str, Any]:
    store = call.store
    record = c.get_news_item(store, call.path("id"))
    fields = _news_fields(call)
    fields.setdefault("newsfeed_assignments", record["newsfeed_assignments"])
    _live_now(call, fields)
    was_live = record["state"] == "live"
    record.update(fields, updated_at=store.now(), _version=record["_version"] + 1)
    if record["state"] == "live" and not was_live:
        c.deliver(store, record)
    return c.render_news_item(store, record)


@endpoint
def delete_news_item(call: Call) -> dict[str, Any]:
    record = c.get_news_item(call.store, call.path("id"))
    del call.store.content.news_items[record["id"]]
    return c.deleted(record["id"], "news-item")


@endpoint
def list_newsfeeds(call: Call) -> dict[str, Any]:
    feeds = SortOrder().sort(list(call.store.content.newsfeeds.values()))
    return _page(call, feeds, c.render_newsfeed)


@endpoint
def retrieve_newsfeed(call: Call) -> dict[str, Any]:
    return c.render_newsfeed(c.get_newsfeed(call.store, call.path("id")))


@endpoint
def list_live_newsfeed_items(call: Call) -> dict[str, Any]:
    store = call.store
    feed = c.get_newsfeed(store, call.path("id"))
    now = store.now()
    live = [
        item for item in store.content.news_items.values()
        if item["state"] == "live" and any(
            a["newsfeed_id"] == int(feed["id"]) and (a["published_at"] or 0) <= now
            for a in item["newsfeed_assignments"]
        )
    ]
    return _page(call, _newest_first(live), partial(c.render_news_item, store))


routes = [
    Route("/news/news_items", list_news_items, methods=["GET"]),
    Route("/news/news_items", create_news_item, methods=["POST"]),
    Route("/news/news_items/{id}", retrieve_news_item, methods=["GET"]),
    Route("/news/news_items/{id}", update_news_item, methods=["PUT"]),
    Route("/news/news_items/{id}", delete_news_item, methods=["DELETE"]),
    Route("/news/newsfeeds", list_newsfeeds, methods=["GET"]),
    Route("/news/newsfeeds/{id}", retrieve_newsfeed, methods=["GET"]),
    Route("/news/newsfeeds/{id}/items", list_live_newsfeed_items, methods=["GET"]),
]
