"""The workspace's content: help centers, collections, articles, newsfeeds, news items, exports.

Records keep API field names plus sandbox-only keys under ``_``; the ``render_*`` functions
decide what the API shows. A news item that goes live is "received" by every contact of the
workspace at that moment: those receipts are what a content data export hands back
(routes_exports), so an export's rows follow from the sandbox's own contacts and news.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import invalid, missing, not_found
from .pagination import number_page, page_numbers

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .endpoint import Call
    from .store import SandboxStore

ARTICLE_STATES = ("published", "draft")
NEWS_STATES = ("draft", "live")


# ---- lookups -------------------------------------------------------------------------------


def _get(table: dict[str, dict[str, Any]], record_id: Any, message: str) -> dict[str, Any]:
    record = table.get(str(record_id))
    if record is None:
        raise not_found(message)
    return record


def get_article(store: SandboxStore, article_id: Any) -> dict[str, Any]:
    return _get(store.content.articles, article_id, "Resource Not Found")


def get_collection(store: SandboxStore, collection_id: Any) -> dict[str, Any]:
    return _get(store.content.collections, collection_id, "Collection not found")


def get_help_center(store: SandboxStore, help_center_id: Any) -> dict[str, Any]:
    return _get(store.content.help_centers, help_center_id, "Help Center not found")


def get_newsfeed(store: SandboxStore, newsfeed_id: Any) -> dict[str, Any]:
    return _get(store.content.newsfeeds, newsfeed_id, "Newsfeed not found")


def get_news_item(store: SandboxStore, news_item_id: Any) -> dict[str, Any]:
    return _get(store.content.news_items, news_item_id, "News Item Not Found")


def get_export(store: SandboxStore, job_id: str) -> dict[str, Any]:
    return _get(store.content.exports, job_id, "Export job not found")


# ---- request values ------------------------------------------------------------------------


def text_field(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise missing(name)
        return None
    if not isinstance(value, str):
        raise invalid(f"{name} must be a string", name)
    if required and not value.strip():
        raise missing(name)
    return value


def whole_number(value: Any, name: str) -> int:
    """An id Intercom types as an integer; a numeric string is taken too, as the live API does."""
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise invalid(f"{name} must be an integer", name)
    return int(value)


def one_of(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise invalid(f"{name} must be one of: {', '.join(allowed)}", name)
    return str(value)


def admin_id(store: SandboxStore, value: Any, name: str) -> str:
    admin = store.admins.get(str(whole_number(value, name)))
    if admin is None:
        raise invalid(f"{name} must be the id of a teammate of this workspace", name)
    return admin["id"]


def translations(value: Any, fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """``translated_content`` as given: locale -> the listed fields (``type`` keys ignored)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid("translated_content must be an object", "translated_content")
    out: dict[str, dict[str, Any]] = {}
    for locale, copy in value.items():
        if locale == "type" or copy is None:
            continue
        if not isinstance(copy, dict):
            raise invalid(f"translated_content.{locale} must be an object", "translated_content")
        out[locale] = {k: copy[k] for k in fields if k in copy}
    return out


# ---- renders -------------------------------------------------------------------------------


def numbered_page(
    call: Call, records: Sequence[dict[str, Any]], render: Callable[[dict[str, Any]], Any], per_page: int
) -> dict[str, Any]:
    """One page of a page-numbered content list (articles, collections, news), as Intercom sends it."""
    page, size = page_numbers(call.query, per_page)
    return number_page(records, page=page, per_page=size, next_url=call.page_url).body("list", "data", render)


def _slug(text: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in kept.split("-") if part)[:60]


def render_help_center(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"],
        "workspace_id": store.app["id_code"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
        "identifier": record["identifier"],
        "website_turned_on": record["website_turned_on"],
        "display_name": record["display_name"],
        "url": f"https://intercom.help/{record['identifier']}",
        "custom_domain": None,
    }


def _help_center_url(store: SandboxStore, help_center_id: Any) -> str:
    center = store.content.help_centers.get(str(help_center_id))
    return f"https://intercom.help/{center['identifier'] if center else 'sandbox'}/en"


def render_collection(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    copies = record["_translations"]
    return {
        "id": record["id"],
        "workspace_id": store.app["id_code"],
        "name": record["name"],
        "description": record["description"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
        "url": f"{_help_center_url(store, record['help_center_id'])}/collections/{record['id']}-"
               f"{_slug(record['name'])}",
        "icon": record["icon"],
        "order": record["order"],
        "default_locale": "en",
        "translated_content": (
            {"type": "group_translated_content",
             **{locale: {"type": "group_content", **copy} for locale, copy in copies.items()}}
            if copies else None
        ),
        "parent_id": record["parent_id"],
        "help_center_id": int(record["help_center_id"]) if record["help_center_id"] else None,
    }


def parent_chain(store: SandboxStore, collection_id: str | None) -> list[int]:
    chain: list[int] = []
    while collection_id and collection_id in store.content.collections and len(chain) < 10:
        chain.append(int(collection_id))
        collection_id = store.content.collections[collection_id]["parent_id"]
    return chain


def render_article(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    parent = record["parent_id"]
    collection = store.content.collections.get(str(parent)) if parent else None
    published = record["state"] == "published"
    base = _help_center_url(store, collection["help_center_id"] if collection else None)
    copies = record["_translations"]
    return {
        "type": "article",
        "id": record["id"],
        "workspace_id": store.app["id_code"],
        "title": record["title"],
        "description": record["description"],
        "body": record["body"],
        "author_id": int(record["author_id"]),
        "state": record["state"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
        "url": f"{base}/articles/{record['id']}-{_slug(record['title'])}" if published else None,
        "parent_id": int(parent) if parent else None,
        "parent_ids": parent_chain(store, str(parent)) if parent else [],
        "parent_type": "collection" if parent else None,
        "default_locale": "en",
        "translated_content": (
            {"type": "article_translated_content",
             **{locale: {"type": "article_content", "created_at": record["created_at"],
                         "updated_at": record["updated_at"], **copy} for locale, copy in copies.items()}}
            if copies else None
        ),
        "statistics": {
            "type": "article_statistics", "views": record["_views"], "conversions": 0, "reactions": 0,
            "happy_reaction_percentage": 0.0, "neutral_reaction_percentage": 0.0,
            "sad_reaction_percentage": 0.0,
        },
    }


def render_newsfeed(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": record["id"], "type": "newsfeed", "name": record["name"],
            "created_at": record["created_at"], "updated_at": record["updated_at"]}


def render_news_item(store: SandboxStore, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "news-item",
        "id": record["id"],
        "workspace_id": store.app["id_code"],
        "title": record["title"],
        "body": record["body"],
        "sender_id": int(record["sender_id"]),
        "state": record["state"],
        # An assignment not yet published has no published_at at all.
        "newsfeed_assignments": [{k: v for k, v in a.items() if v is not None}
                                 for a in record["newsfeed_assignments"]],
        "labels": list(record["labels"]),
        "cover_image_url": None,
        "reactions": list(record["reactions"]),
        "deliver_silently": record["deliver_silently"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
    }


def render_export(job: dict[str, Any]) -> dict[str, Any]:
    return {
        "job_identifier": job["id"],
        "status": job["status"],
        "download_url": job["download_url"],
        "download_expires_at": job["download_expires_at"],
    }


def deleted(record_id: str, kind: str) -> dict[str, Any]:
    return {"id": record_id, "object": kind, "deleted": True}


# ---- records -------------------------------------------------------------------------------


def add_help_center(store: SandboxStore, name: str, identifier: str) -> dict[str, Any]:
    now = store.now()
    record = {"id": store.number_id("help_center", 301), "display_name": name, "identifier": identifier,
              "website_turned_on": True, "created_at": now, "updated_at": now, "_seq": store.next_seq()}
    store.content.help_centers[record["id"]] = record
    return record


def add_collection(store: SandboxStore, fields: dict[str, Any]) -> dict[str, Any]:
    now = store.now()
    siblings = [c for c in store.content.collections.values() if c["parent_id"] == fields.get("parent_id")]
    record = {
        "id": store.number_id("collection", 6_871_001), "name": "", "description": "",
        "icon": "book-bookmark",
        "order": len(siblings) + 1, "parent_id": None, "help_center_id": None, "_translations": {},
        "created_at": now, "updated_at": now, "_seq": store.next_seq(),
    }
    record.update(fields)
    store.content.collections[record["id"]] = record
    return record


def add_article(store: SandboxStore, fields: dict[str, Any]) -> dict[str, Any]:
    now = store.now()
    record = {
        "id": store.number_id("article", 8_000_001), "title": "", "description": "", "body": None,
        "state": "draft", "parent_id": None, "_translations": {}, "_views": 0,
        "created_at": now, "updated_at": now, "_seq": store.next_seq(),
    }
    record.update(fields)
    store.content.articles[record["id"]] = record
    return record


def add_newsfeed(store: SandboxStore, name: str) -> dict[str, Any]:
    now = store.now()
    record = {"id": store.number_id("newsfeed", 51), "name": name, "created_at": now, "updated_at": now,
              "_seq": store.next_seq()}
    store.content.newsfeeds[record["id"]] = record
    return record


def add_news_item(store: SandboxStore, fields: dict[str, Any]) -> dict[str, Any]:
    now = store.now()
    record = {
        "id": store.number_id("news_item", 141), "title": "", "body": "", "state": "draft",
        "newsfeed_assignments": [], "labels": [], "reactions": [], "deliver_silently": False,
        "created_at": now, "updated_at": now, "_seq": store.next_seq(), "_version": 1,
    }
    record.update(fields)
    store.content.news_items[record["id"]] = record
    if record["state"] == "live":
        deliver(store, record)
    return record


def deliver(store: SandboxStore, item: dict[str, Any]) -> None:
    """The news item reaches every contact of the workspace now: one receipt each."""
    now = store.now()
    published = [a["published_at"] for a in item["newsfeed_assignments"] if a.get("published_at")]
    received_at = min([now, *published])
    for contact in sorted(store.contacts.values(), key=lambda c: c["_seq"]):
        companies = store.contact_companies.get(contact["id"]) or []
        company = store.companies.get(companies[0]) if companies else None
        store.content.receipts.append({
            "user_id": contact["id"],
            "user_external_id": contact["external_id"] or "",
            "company_id": (company or {}).get("company_id") or "-1",
            "email": contact["email"] or "",
            "name": contact["name"] or "",
            "ruleset_id": item["id"],
            "content_id": item["id"],
            "content_type": "News Item",
            "content_title": item["title"],
            "ruleset_version_id": str(item["_version"]),
            "receipt_id": store.number_id("receipt", 90_001),
            "received_at": received_at,
            "series_id": "-1",
            "series_title": "",
            "node_id": "-1",
        })


# ---- seed ----------------------------------------------------------------------------------


def seed_content(store: SandboxStore) -> None:
    """A help center with one collection and two articles, two newsfeeds and one live news item."""
    admin = store.default_admin()
    center = add_help_center(store, "Sandbox Help", "sandbox")
    started = add_collection(store, {"name": "Getting started", "description": "First steps",
                                     "help_center_id": center["id"]})
    add_article(store, {"title": "Welcome to the sandbox", "description": "What you can try here",
                        "body": "<p>Everything here is made up.</p>", "author_id": admin["id"],
                        "state": "published", "parent_id": started["id"]})
    add_article(store, {"title": "Draft notes", "body": "<p>Not ready yet.</p>", "author_id": admin["id"]})
    updates = add_newsfeed(store, "Product updates")
    add_newsfeed(store, "Release notes")
    add_news_item(store, {
        "title": "The sandbox is open", "body": "<p>Try every endpoint.</p>", "sender_id": admin["id"],
        "state": "live", "labels": ["Product"], "reactions": ["👍", "🎉"],
        "newsfeed_assignments": [{"newsfeed_id": int(updates["id"]),
                                  "published_at": store.app["created_at"]}],
    })
