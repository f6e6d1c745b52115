"""Help center content: articles (list, search, CRUD), help centers and collections (CRUD)."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.routing import Route

from . import content as c
from .endpoint import Call, endpoint
from .errors import invalid, missing
from .pagination import SortOrder

ARTICLES_PER_PAGE = 50
COLLECTIONS_PER_PAGE = 50
ARTICLE_COPY_FIELDS = ("title", "description", "body", "author_id", "state")
COLLECTION_COPY_FIELDS = ("name", "description")
Copies = dict[str, dict[str, Any]]


# ---- articles ------------------------------------------------------------------------------


def _recently_updated(store: Any) -> list[dict[str, Any]]:
    return SortOrder(lambda a: a["updated_at"], descending=True).sort(list(store.content.articles.values()))


def _article_fields(call: Call, body: dict[str, Any], *, creating: bool) -> tuple[dict[str, Any], Copies]:
    store = call.store
    fields: dict[str, Any] = {}
    for name in ("title", "description", "body"):
        value = c.text_field(body, name, required=creating and name == "title")
        if value is not None:
            fields[name] = value
    if "title" in fields and not fields["title"].strip():
        raise missing("title")
    if body.get("author_id") is not None or creating:
        if body.get("author_id") is None:
            raise missing("author_id")
        fields["author_id"] = c.admin_id(store, body["author_id"], "author_id")
    if body.get("state") is not None:
        fields["state"] = c.one_of(body["state"], c.ARTICLE_STATES, "state")
    if body.get("parent_id") is not None:
        parent = c.whole_number(body["parent_id"], "parent_id")
        if str(parent) not in store.content.collections:
            raise invalid("parent_id must be the id of a collection", "parent_id")
        fields["parent_id"] = str(parent)
    copies = c.translations(body.get("translated_content"), ARTICLE_COPY_FIELDS)
    for locale, copy in copies.items():
        if "state" in copy:
            c.one_of(copy["state"], c.ARTICLE_STATES, f"translated_content.{locale}.state")
        if "author_id" in copy:
            where = f"translated_content.{locale}.author_id"
            copy["author_id"] = int(c.admin_id(store, copy["author_id"], where))
    return fields, copies


def _add_copies(record: dict[str, Any], copies: Copies) -> None:
    for locale, copy in copies.items():
        record["_translations"].setdefault(locale, {}).update(copy)


@endpoint
def list_articles(call: Call) -> dict[str, Any]:
    render = partial(c.render_article, call.store)
    return c.numbered_page(call, _recently_updated(call.store), render, ARTICLES_PER_PAGE)


@endpoint
def create_article(call: Call) -> dict[str, Any]:
    fields, copies = _article_fields(call, call.json(), creating=True)
    record = c.add_article(call.store, fields)
    _add_copies(record, copies)
    return c.render_article(call.store, record)


@endpoint
def retrieve_article(call: Call) -> dict[str, Any]:
    record = c.get_article(call.store, call.path("id"))
    record["_views"] += 1
    return c.render_article(call.store, record)


@endpoint
def update_article(call: Call) -> dict[str, Any]:
    record = c.get_article(call.store, call.path("id"))
    fields, copies = _article_fields(call, call.json(), creating=False)
    _add_copies(record, copies)
    record.update(fields, updated_at=call.store.now())
    return c.render_article(call.store, record)


@endpoint
def delete_article(call: Call) -> dict[str, Any]:
    record = c.get_article(call.store, call.path("id"))
    del call.store.content.articles[record["id"]]
    return c.deleted(record["id"], "article")


def _in_help_center(store: Any, article: dict[str, Any], help_center_id: str) -> bool:
    collection = store.content.collections.get(str(article["parent_id"])) if article["parent_id"] else None
    return collection is not None and str(collection["help_center_id"]) == help_center_id


@endpoint
def search_articles(call: Call) -> dict[str, Any]:
    store, query = call.store, call.query
    state = query.get("state") or "all"
    c.one_of(state, (*c.ARTICLE_STATES, "all"), "state")
    phrase = (query.get("phrase") or "").strip().lower()
    help_center = query.get("help_center_id")
    if help_center is not None:
        help_center = str(c.whole_number(help_center, "help_center_id"))
    found = []
    for article in _recently_updated(store):
        text = " ".join(str(article[k] or "") for k in ("title", "description", "body")).lower()
        if phrase and phrase not in text:
            continue
        if state != "all" and article["state"] != state:
            continue
        if help_center is not None and not _in_help_center(store, article, help_center):
            continue
        found.append(c.render_article(store, article))
    return {
        "type": "list",
        "total_count": len(found),
        "data": {"articles": found, "highlights": []},
        "pages": {"type": "pages", "page": 1, "per_page": max(len(found), 10), "total_pages": 1},
    }


# ---- help centers and collections ------------------------------------------------------------


@endpoint
def list_help_centers(call: Call) -> dict[str, Any]:
    # 2.10 sends every help center in one answer, without a pages object.
    centers = SortOrder().sort(list(call.store.content.help_centers.values()))
    return {"type": "list", "data": [c.render_help_center(call.store, h) for h in centers]}


@endpoint
def retrieve_help_center(call: Call) -> dict[str, Any]:
    return c.render_help_center(call.store, c.get_help_center(call.store, call.path("id")))


def _collection_fields(call: Call, body: dict[str, Any], *, creating: bool) -> tuple[dict[str, Any], Copies]:
    store = call.store
    fields: dict[str, Any] = {}
    name = c.text_field(body, "name", required=creating)
    if name is not None:
        if not name.strip():
            raise missing("name")
        fields["name"] = name
    description = c.text_field(body, "description")
    if description is not None:
        fields["description"] = description
    if body.get("parent_id") is not None:
        parent = c.get_collection(store, c.whole_number(body["parent_id"], "parent_id"))
        fields["parent_id"] = parent["id"]
        fields["help_center_id"] = parent["help_center_id"]
    if creating:
        if body.get("help_center_id") is not None:
            center = c.get_help_center(store, c.whole_number(body["help_center_id"], "help_center_id"))
            if fields.get("parent_id") and fields["help_center_id"] != center["id"]:
                raise invalid("the parent collection is in another help center", "parent_id")
            fields["help_center_id"] = center["id"]
        fields.setdefault("help_center_id", next(iter(store.content.help_centers), None))
    return fields, c.translations(body.get("translated_content"), COLLECTION_COPY_FIELDS)


@endpoint
def list_collections(call: Call) -> dict[str, Any]:
    collections = SortOrder().sort(list(call.store.content.collections.values()))
    return c.numbered_page(call, collections, partial(c.render_collection, call.store), COLLECTIONS_PER_PAGE)


@endpoint
def create_collection(call: Call) -> dict[str, Any]:
    fields, copies = _collection_fields(call, call.json(), creating=True)
    record = c.add_collection(call.store, fields)
    _add_copies(record, copies)
    return c.render_collection(call.store, record)


@endpoint
def retrieve_collection(call: Call) -> dict[str, Any]:
    return c.render_collection(call.store, c.get_collection(call.store, call.path("id")))


@endpoint
def update_collection(call: Call) -> dict[str, Any]:
    record = c.get_collection(call.store, call.path("id"))
    fields, copies = _collection_fields(call, call.json(), creating=False)
    if int(record["id"]) in c.parent_chain(call.store, fields.get("parent_id")):
        raise invalid("a collection cannot sit inside itself", "parent_id")
    _add_copies(record, copies)
    record.update(fields, updated_at=call.store.now())
    return c.render_collection(call.store, record)


@endpoint
def delete_collection(call: Call) -> dict[str, Any]:
    store = call.store
    record = c.get_collection(store, call.path("id"))
    del store.content.collections[record["id"]]
    # What was inside moves up to where the collection was.
    for child in store.content.collections.values():
        if child["parent_id"] == record["id"]:
            child["parent_id"] = record["parent_id"]
    for article in store.content.articles.values():
        if article["parent_id"] == record["id"]:
            article["parent_id"] = record["parent_id"]
    return c.deleted(record["id"], "collection")


routes = [
    Route("/articles", list_articles, methods=["GET"]),
    Route("/articles", create_article, methods=["POST"]),
    Route("/articles/search", search_articles, methods=["GET"]),
    Route("/articles/{id}", retrieve_article, methods=["GET"]),
    Route("/articles/{id}", update_article, methods=["PUT"]),
    Route("/articles/{id}", delete_article, methods=["DELETE"]),
    Route("/help_center/help_centers", list_help_centers, methods=["GET"]),
    Route("/help_center/help_centers/{id}", retrieve_help_center, methods=["GET"]),
    Route("/help_center/collections", list_collections, methods=["GET"]),
    Route("/help_center/collections", create_collection, methods=["POST"]),
    Route("/help_center/collections/{id}", retrieve_collection, methods=["GET"]),
    Route("/help_center/collections/{id}", update_collection, methods=["PUT"]),
    Route("/help_center/collections/{id}", delete_collection, methods=["DELETE"]),
]
